package org.senpacs.ris.hl7;

import java.util.List;
import org.senpacs.archive.patient.Patients.PatientKey;

/**
 * A committed change of a patient that stored objects may have to follow: the archive's index
 * already reflects it, the DICOM files of the listed studies still carry the old patient
 * attributes.
 *
 * @param patient the patient as it is now (the surviving patient of a merge)
 * @param prior the patient ID before (the merged-away ID, the changed ID), or null for an update
 * @param studyUids the stored studies concerned (moved by a merge, or of the patient)
 */
public record PatientChange(Kind kind, PatientKey patient, PatientKey prior, List<String> studyUids) {

    public enum Kind {
        /** Demographics changed (ADT A01/A04/A05/A08/A31 for a known patient). */
        UPDATED,
        /** The prior patient was merged into the patient (A40): its studies and orders moved. */
        MERGED,
        /** The patient's identifier changed from prior to patient (A47). */
        ID_CHANGED
    }

    public PatientChange {
        studyUids = List.copyOf(studyUids);
    }
}
