package org.senpacs.ris.outbound;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.v251.message.OMG_O19;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.ORC;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.time.Instant;
import java.util.Map;
import org.senpacs.archive.patient.Patients;

/**
 * Writes a procedure status update as an HL7 v2.5.1 OMG^O19 with order control SC (status
 * changed), as IHE Radiology Scheduled Workflow.b has the Department System Scheduler tell the
 * Order Placer (RAD-3): ORC-5 is the order status (HL7 table 0038), OBR identifies the order as in
 * the ORU.
 */
public final class ProcedureStatusWriter {

    /** The ORC-5 code of each {@code ris_order} status. */
    static final Map<String, String> ORDER_STATUS = Map.of("SCHEDULED", "SC", "IN_PROGRESS", "IP", "COMPLETED", "CM",
            "DISCONTINUED", "DC", "CANCELLED", "CA");

    private final OutboundOptions options;
    private final HapiContext hapi;

    public ProcedureStatusWriter(OutboundOptions options) {
        this.options = options;
        this.hapi = new DefaultHapiContext(ValidationContextFactory.noValidation());
    }

    /** The message for one destination, for the order's current status. */
    public String write(OutboundOrder o, Patients.Patient p, String performedTime, HisDestination to, String controlId,
                        Instant now) {
        String status = ORDER_STATUS.get(o.status());
        if (status == null) throw new IllegalArgumentException("order " + o.pk() + " has an unknown status: " + o.status());
        try {
            OMG_O19 m = hapi.newMessage(OMG_O19.class);
            Hl7Segments.header(m.getMSH(), options, to, "OMG", "O19", "OMG_O19", controlId, now);
            Hl7Segments.patient(m.getPATIENT().getPID(), p.key().id(), p.key().issuer(), p.name(), p.birthDate(), p.sex());
            Hl7Segments.visit(m.getPATIENT().getPATIENT_VISIT().getPV1());
            ORC orc = m.getORDER().getORC();
            orc.getOrderControl().setValue("SC");
            if (o.placerOrderNumber() != null) orc.getPlacerOrderNumber().getEntityIdentifier().setValue(o.placerOrderNumber());
            orc.getFillerOrderNumber().getEntityIdentifier().setValue(Hl7Segments.fillerNumber(o.fillerOrderNumber(), o.accessionNumber()));
            orc.getOrderStatus().setValue(status);
            orc.getDateTimeOfTransaction().getTime().setValue(Hl7Time.format(now));
            OBR obr = m.getORDER().getOBR();
            Hl7Segments.order(obr, o.placerOrderNumber(), o.fillerOrderNumber(), o.accessionNumber(), o.requestedProcedureId(),
                    o.scheduledStepId(), o.procedureCode(), o.procedureMeaning(), o.procedureScheme());
            if (performedTime != null) obr.getObservationDateTime().getTime().setValue(performedTime);
            return m.encode();
        } catch (HL7Exception e) {
            throw new IllegalArgumentException("cannot write the OMG^O19: " + e.getMessage(), e);
        }
    }
}
