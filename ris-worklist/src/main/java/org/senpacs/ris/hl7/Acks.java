package org.senpacs.ris.hl7;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.Location;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.v251.message.ACK;
import ca.uhn.hl7v2.util.Terser;
import java.io.IOException;
import java.util.Set;

/**
 * Acknowledgements (original mode): MSH from us to the sender, MSA with AA, AE or AR and the
 * sender's control ID, and for AE/AR an ERR segment with the location of the field at fault
 * (ERR-2), the HL7 error code (ERR-3, table 0357), severity (ERR-4) and the message for a person
 * (ERR-8); for senders before v2.5 also ERR-1 (location and code), which their parsers read.
 * Built from the sender's MSH alone, so a message we could not parse is answered the same way.
 */
final class Acks {

    static final Set<String> VERSIONS = Set.of("2.3.1", "2.4", "2.5", "2.5.1");

    private final HapiContext context;
    private final Hl7Options options;

    Acks(HapiContext context, Hl7Options options) {
        this.context = context;
        this.options = options;
    }

    /** The acknowledgement of a message: AA when failure is null, else the failure's code and ERR. */
    String build(MshHeader in, Hl7Failure failure) throws HL7Exception, IOException {
        AcknowledgmentCode code = failure == null ? AcknowledgmentCode.AA : failure.ack();
        ACK ack = new ACK(context.getModelClassFactory());
        ack.setParser(context.getPipeParser());
        ack.initQuickstart("ACK", in.triggerEvent().isEmpty() ? null : in.triggerEvent(),
                in.processingId().isEmpty() ? "P" : in.processingId());
        ack.getMSH().getSendingApplication().getNamespaceID().setValue(options.applicationName());
        ack.getMSH().getSendingFacility().getNamespaceID().setValue(options.facilityName());
        ack.getMSH().getReceivingApplication().parse(in.sendingApplication());
        ack.getMSH().getReceivingFacility().parse(in.sendingFacility());
        if (VERSIONS.contains(in.version())) ack.getMSH().getVersionID().getVersionID().setValue(in.version());
        if (!in.charset().isEmpty()) ack.getMSH().getCharacterSet(0).setValue(in.charset());
        ack.getMSA().getAcknowledgmentCode().setValue(code.name());
        ack.getMSA().getMessageControlID().setValue(in.controlId());
        if (failure != null) {
            failure.populateResponse(ack, code, 0);
            Segment err = ack.getERR(0);
            Terser.set(err, 8, 0, 1, 1, failure.getMessageWithoutLocation());
            if (!in.version().startsWith("2.5")) legacyLocation(err, failure);
        }
        return context.getPipeParser().encode(ack);
    }

    /** ERR-1 (v2.3.1, v2.4): segment ID, sequence, field position, code identifying error. */
    private static void legacyLocation(Segment err, Hl7Failure failure) throws HL7Exception {
        Location at = failure.getLocation();
        if (at != null && at.getSegmentName() != null) {
            Terser.set(err, 1, 0, 1, 1, at.getSegmentName());
            if (at.getSegmentRepetition() > 0) Terser.set(err, 1, 0, 2, 1, Integer.toString(at.getSegmentRepetition()));
            if (at.getField() > 0) Terser.set(err, 1, 0, 3, 1, Integer.toString(at.getField()));
        }
        Terser.set(err, 1, 0, 4, 1, Integer.toString(failure.getError().getCode()));
        Terser.set(err, 1, 0, 4, 2, failure.getError().getMessage());
        Terser.set(err, 1, 0, 4, 3, "HL70357");
    }
}
