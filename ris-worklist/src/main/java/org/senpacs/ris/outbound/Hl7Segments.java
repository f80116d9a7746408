package org.senpacs.ris.outbound;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.XPN;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.model.v251.segment.PV1;
import java.time.Instant;

/** The segments every message we send shares (v2.5.1): MSH, PID, PV1, and the order identification in OBR. */
final class Hl7Segments {

    private Hl7Segments() {}

    /** MSH with our sender, the destination's receiver, UTF-8 (MSH-18) and version 2.5.1. */
    static void header(MSH msh, OutboundOptions options, HisDestination to, String type, String trigger, String structure,
                       String controlId, Instant now) throws DataTypeException {
        msh.getFieldSeparator().setValue("|");
        msh.getEncodingCharacters().setValue("^~\\&");
        msh.getSendingApplication().getNamespaceID().setValue(options.sendingApplication());
        msh.getSendingFacility().getNamespaceID().setValue(options.sendingFacility());
        msh.getReceivingApplication().getNamespaceID().setValue(to.receivingApplication());
        msh.getReceivingFacility().getNamespaceID().setValue(to.receivingFacility());
        msh.getDateTimeOfMessage().getTime().setValue(Hl7Time.format(now));
        msh.getMessageType().getMessageCode().setValue(type);
        msh.getMessageType().getTriggerEvent().setValue(trigger);
        msh.getMessageType().getMessageStructure().setValue(structure);
        msh.getMessageControlID().setValue(controlId);
        msh.getProcessingID().getProcessingID().setValue("P");
        msh.getVersionID().getVersionID().setValue("2.5.1");
        msh.getCharacterSet(0).setValue("UNICODE UTF-8");
    }

    /**
     * PID from the archive's patient: PID-3 ID with its issuer as assigning authority, PID-5 from
     * the DICOM person name, PID-7 birth date, PID-8 sex (values that are not valid are left out).
     */
    static void patient(PID pid, String id, String issuer, String dicomName, String birthDate, String sex) throws HL7Exception {
        pid.getSetIDPID().setValue("1");
        CX cx = pid.getPatientIdentifierList(0);
        cx.getIDNumber().setValue(id);
        if (issuer != null && !issuer.isEmpty()) cx.getAssigningAuthority().getNamespaceID().setValue(issuer);
        cx.getIdentifierTypeCode().setValue("PI");
        if (dicomName != null && !dicomName.isEmpty()) {
            String[] pn = personName(dicomName);
            XPN xpn = pid.getPatientName(0);
            xpn.getFamilyName().getSurname().setValue(pn[0]);
            xpn.getGivenName().setValue(pn[1]);
            xpn.getSecondAndFurtherGivenNamesOrInitialsThereof().setValue(pn[2]);
            xpn.getPrefixEgDR().setValue(pn[3]);
            xpn.getSuffixEgJRorIII().setValue(pn[4]);
        }
        if (birthDate != null && birthDate.matches("\\d{8}")) pid.getDateTimeOfBirth().getTime().setValue(birthDate);
        if (sex != null && sex.matches("[MFO]")) pid.getAdministrativeSex().setValue(sex);
    }

    /** The minimal visit: patient class U (unknown to the RIS). */
    static void visit(PV1 pv1) throws DataTypeException {
        pv1.getSetIDPV1().setValue("1");
        pv1.getPatientClass().setValue("U");
    }

    /**
     * The order in OBR as IHE Radiology identifies it: OBR-2 placer and OBR-3 filler order number
     * (the accession number when the order has no filler number), OBR-4 procedure code with its
     * coding scheme, OBR-18 accession number, OBR-19 requested procedure ID, OBR-20 scheduled
     * procedure step ID.
     */
    static void order(OBR obr, String placer, String filler, String accession, String requestedProcedureId,
                      String scheduledStepId, String code, String meaning, String scheme) throws DataTypeException {
        obr.getSetIDOBR().setValue("1");
        if (placer != null) obr.getPlacerOrderNumber().getEntityIdentifier().setValue(placer);
        obr.getFillerOrderNumber().getEntityIdentifier().setValue(fillerNumber(filler, accession));
        obr.getUniversalServiceIdentifier().getIdentifier().setValue(code);
        obr.getUniversalServiceIdentifier().getText().setValue(meaning);
        obr.getUniversalServiceIdentifier().getNameOfCodingSystem().setValue(scheme);
        obr.getPlacerField1().setValue(accession);
        obr.getPlacerField2().setValue(requestedProcedureId);
        obr.getFillerField1().setValue(scheduledStepId);
    }

    /** The filler order number sent: the order's, or the accession number when it has none. */
    static String fillerNumber(String filler, String accession) {
        return filler != null && !filler.isEmpty() ? filler : accession;
    }

    /** DICOM PN (first component group) as family, given, middle, prefix, suffix. */
    static String[] personName(String pn) {
        int eq = pn.indexOf('=');
        String[] parts = (eq >= 0 ? pn.substring(0, eq) : pn).split("\\^", -1);
        String[] out = new String[5];
        for (int i = 0; i < 5; i++) out[i] = i < parts.length && !parts[i].isEmpty() ? parts[i] : null;
        return out;
    }
}
