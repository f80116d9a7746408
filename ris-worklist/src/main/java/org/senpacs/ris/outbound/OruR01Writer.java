package org.senpacs.ris.outbound;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.v251.datatype.CNN;
import ca.uhn.hl7v2.model.v251.datatype.FT;
import ca.uhn.hl7v2.model.v251.datatype.TX;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.model.v251.segment.ORC;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a report as an HL7 v2.5.1 ORU^R01 (unsolicited observation result): MSH (UTF-8), PID,
 * PV1, ORC (RE), OBR (order numbers, procedure, accession, result status, principal result
 * interpreter) and one OBX per line of text, findings first, then the impression. HAPI's model
 * escapes the HL7 delimiters found in the text.
 */
public final class OruR01Writer {

    /** DICOM code of findings text (DCM 121071, "Finding"). */
    public static final String FINDING_CODE = "121071";
    /** DICOM code of impression text (DCM 121073, "Impression"). */
    public static final String IMPRESSION_CODE = "121073";

    private final OutboundOptions options;
    private final HapiContext hapi;

    public OruR01Writer(OutboundOptions options) {
        this.options = options;
        this.hapi = new DefaultHapiContext(ValidationContextFactory.noValidation());
    }

    /** The message for one destination, encoded with the HL7 delimiters (segments end with CR). */
    public String write(ResultReport r, HisDestination to, String controlId, Instant now) {
        try {
            ORU_R01 m = hapi.newMessage(ORU_R01.class);
            Hl7Segments.header(m.getMSH(), options, to, "ORU", "R01", "ORU_R01", controlId, now);
            Hl7Segments.patient(m.getPATIENT_RESULT().getPATIENT().getPID(), r.patientId(), r.issuer(), r.patientName(),
                    r.birthDate(), r.sex());
            Hl7Segments.visit(m.getPATIENT_RESULT().getPATIENT().getVISIT().getPV1());
            ORU_R01_ORDER_OBSERVATION oo = m.getPATIENT_RESULT().getORDER_OBSERVATION();
            ORC orc = oo.getORC();
            orc.getOrderControl().setValue("RE");
            if (r.placerOrderNumber() != null) orc.getPlacerOrderNumber().getEntityIdentifier().setValue(r.placerOrderNumber());
            orc.getFillerOrderNumber().getEntityIdentifier().setValue(Hl7Segments.fillerNumber(r.fillerOrderNumber(), r.accessionNumber()));
            OBR obr = oo.getOBR();
            Hl7Segments.order(obr, r.placerOrderNumber(), r.fillerOrderNumber(), r.accessionNumber(), r.requestedProcedureId(),
                    r.scheduledStepId(), r.procedureCode(), r.procedureMeaning(), r.procedureScheme());
            if (r.observationTime() != null) obr.getObservationDateTime().getTime().setValue(r.observationTime());
            obr.getResultsRptStatusChngDateTime().getTime().setValue(r.reportTime());
            obr.getDiagnosticServSectID().setValue("RAD");
            obr.getResultStatus().setValue(r.resultStatus());
            interpreter(obr.getPrincipalResultInterpreter().getNdl1_Name(), r.author());
            int set = 0;
            for (String line : lines(r.findings())) observation(oo.getOBSERVATION(set).getOBX(), ++set, "1", FINDING_CODE, "Finding", line, r);
            for (String line : lines(r.impression())) observation(oo.getOBSERVATION(set).getOBX(), ++set, "2", IMPRESSION_CODE, "Impression", line, r);
            return m.encode();
        } catch (HL7Exception e) {
            throw new IllegalArgumentException("cannot write the ORU^R01: " + e.getMessage(), e);
        }
    }

    private void observation(OBX obx, int set, String subId, String code, String meaning, String line, ResultReport r)
            throws HL7Exception {
        obx.getSetIDOBX().setValue(Integer.toString(set));
        obx.getValueType().setValue(options.textType());
        obx.getObservationIdentifier().getIdentifier().setValue(code);
        obx.getObservationIdentifier().getText().setValue(meaning);
        obx.getObservationIdentifier().getNameOfCodingSystem().setValue("DCM");
        obx.getObservationSubID().setValue(subId);
        Type value;
        if (options.textType().equals("FT")) {
            FT ft = new FT(obx.getMessage());
            ft.setValue(line);
            value = ft;
        } else {
            TX tx = new TX(obx.getMessage());
            tx.setValue(line);
            value = tx;
        }
        obx.getObservationValue(0).setData(value);
        obx.getObservationResultStatus().setValue(r.resultStatus());
    }

    /** The author in OBR-32.1: HL7 CNN components when given as {@code ID^FAMILY^GIVEN...}, else the whole text as the family name. */
    private static void interpreter(CNN cnn, String author) throws DataTypeException {
        if (!author.contains("^")) {
            cnn.getFamilyName().setValue(author);
            return;
        }
        String[] c = author.split("\\^", -1);
        cnn.getIDNumber().setValue(c[0]);
        if (c.length > 1) cnn.getFamilyName().setValue(c[1]);
        if (c.length > 2) cnn.getGivenName().setValue(c[2]);
        if (c.length > 3) cnn.getSecondAndFurtherGivenNamesOrInitialsThereof().setValue(c[3]);
        if (c.length > 4) cnn.getSuffixEgJRorIII().setValue(c[4]);
        if (c.length > 5) cnn.getPrefixEgDR().setValue(c[5]);
    }

    /** The lines of a text, without trailing blanks and without blank lines at its start and end. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) return out;
        for (String l : text.split("\r\n|\r|\n", -1)) out.add(l.stripTrailing());
        while (!out.isEmpty() && out.getFirst().isEmpty()) out.removeFirst();
        while (!out.isEmpty() && out.getLast().isEmpty()) out.removeLast();
        return out;
    }
}
