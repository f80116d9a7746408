package org.senpacs.ris.mwl;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import org.senpacs.archive.index.Levels;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;

/**
 * Turns an order row (with its patient) into the worklist item a modality reads: the attributes of
 * the Modality Worklist Information Model (PS3.4 K.6, IHE RAD TF-2 RAD-5) — patient, imaging
 * service request, requested procedure and one Scheduled Procedure Step — all in UTF-8.
 */
final class WorklistItems {

    /** The columns {@link #item} reads, in the order of its result set. */
    static final String COLUMNS = "o.pk, o.accession_number, o.requested_procedure_id, o.study_uid, o.sps_id, o.modality,"
            + " o.station_aet, o.station_name, o.scheduled_start, o.procedure_code, o.procedure_scheme, o.procedure_meaning,"
            + " o.requesting_physician, o.referring_physician, o.reason, o.medical_alerts, o.status,"
            + " p.patient_id, p.issuer, p.patient_name, p.birth_date, p.sex, p.attrs";

    /** The coding scheme of procedure codes that came without one. */
    static final String LOCAL_SCHEME = "99SEN";

    private WorklistItems() {}

    /** The full item of the current row, with Specific Character Set ISO_IR 192. */
    static DataSet item(ResultSet rs) throws SQLException {
        DataSet ds = new DataSet(48);
        ds.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        ds.addAll(utf8(Levels.decode(rs.getBytes(23))));
        set(ds, Tag.PatientID, VR.LO, rs.getString(18));
        String issuer = rs.getString(19);
        if (issuer != null && !issuer.isEmpty()) ds.setString(Tag.IssuerOfPatientID, VR.LO, issuer);
        set(ds, Tag.PatientName, VR.PN, rs.getString(20));
        set(ds, Tag.PatientBirthDate, VR.DA, rs.getString(21));
        set(ds, Tag.PatientSex, VR.CS, rs.getString(22));
        set(ds, Tag.MedicalAlerts, VR.LO, rs.getString(16));
        set(ds, Tag.AccessionNumber, VR.SH, rs.getString(2));
        set(ds, Tag.ReferringPhysicianName, VR.PN, rs.getString(14));
        set(ds, Tag.RequestingPhysician, VR.PN, rs.getString(13));
        set(ds, Tag.RequestedProcedureID, VR.SH, rs.getString(3));
        set(ds, Tag.RequestedProcedureDescription, VR.LO, rs.getString(12));
        code(ds, Tag.RequestedProcedureCodeSequence, rs.getString(10), rs.getString(11), rs.getString(12));
        set(ds, Tag.StudyInstanceUID, VR.UI, rs.getString(4));
        ds.setEmpty(Tag.ReferencedStudySequence, VR.SQ);
        set(ds, Tag.ReasonForTheRequestedProcedure, VR.LO, rs.getString(15));
        DataSet sps = ds.newSequence(Tag.ScheduledProcedureStepSequence, 1).addItem();
        set(sps, Tag.Modality, VR.CS, rs.getString(6));
        set(sps, Tag.ScheduledStationAETitle, VR.AE, rs.getString(7));
        set(sps, Tag.ScheduledStationName, VR.SH, rs.getString(8));
        LocalDateTime start = rs.getObject(9, LocalDateTime.class);
        set(sps, Tag.ScheduledProcedureStepStartDate, VR.DA, start == null ? null : start.toLocalDate().toString().replace("-", ""));
        set(sps, Tag.ScheduledProcedureStepStartTime, VR.TM, start == null ? null
                : String.format("%02d%02d%02d", start.getHour(), start.getMinute(), start.getSecond()));
        sps.setEmpty(Tag.ScheduledPerformingPhysicianName, VR.PN);
        set(sps, Tag.ScheduledProcedureStepDescription, VR.LO, rs.getString(12));
        code(sps, Tag.ScheduledProtocolCodeSequence, rs.getString(10), rs.getString(11), rs.getString(12));
        set(sps, Tag.ScheduledProcedureStepID, VR.SH, rs.getString(5));
        sps.setString(Tag.ScheduledProcedureStepStatus, VR.CS, "IN_PROGRESS".equals(rs.getString(17)) ? "STARTED" : "SCHEDULED");
        sps.setEmpty(Tag.ScheduledProcedureStepLocation, VR.SH);
        return ds;
    }

    /** The patient's indexed attributes in UTF-8 (they may have come in another character set). */
    private static DataSet utf8(DataSet attrs) {
        if (!attrs.charset().equals(SpecificCharacterSet.UTF_8)) attrs.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        return attrs;
    }

    /** Sets a value, or an empty one (the attributes of the model are type 1 or 2 for the SCP). */
    private static void set(DataSet ds, int tag, VR vr, String value) {
        if (value == null || value.isEmpty()) ds.setEmpty(tag, vr);
        else ds.setString(tag, vr, value);
    }

    /** A code sequence of one item; a code too long for Code Value (SH, 16) goes to Long Code Value. */
    private static void code(DataSet ds, int tag, String value, String scheme, String meaning) {
        Sequence seq = ds.newSequence(tag, 1);
        if (value == null || value.isEmpty()) return;
        DataSet item = seq.addItem();
        if (value.length() <= 16) item.setString(Tag.CodeValue, VR.SH, value);
        else item.setString(Tag.LongCodeValue, VR.UC, value);
        item.setString(Tag.CodingSchemeDesignator, VR.SH, scheme == null || scheme.isEmpty() ? LOCAL_SCHEME : scheme);
        item.setString(Tag.CodeMeaning, VR.LO, meaning == null || meaning.isEmpty() ? value : meaning);
    }
}
