package org.senpacs.ris.hl7;

/**
 * Told of patient changes after they are committed (for instance to rewrite the patient
 * attributes of stored objects). Called on the thread that handled the message, before the
 * acknowledgement is sent: keep it short, or hand the work to another thread.
 */
@FunctionalInterface
public interface PatientChangeListener {

    /** Does nothing. */
    PatientChangeListener NONE = change -> { };

    void patientChanged(PatientChange change);
}
