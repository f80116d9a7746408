package org.senpacs.ris.hl7;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import org.senpacs.archive.patient.Patients.PatientKey;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;

/**
 * PID (and MRG) to the archive's patient attributes: PID-3 identifier with its assigning
 * authority as issuer, PID-5 name as DICOM PN (FAMILY^GIVEN^MIDDLE, diacritics kept), PID-7
 * birth date, PID-8 sex. An empty field leaves the stored value as it is; the HL7 null {@code ""}
 * deletes it (an empty value).
 */
final class PatientMapping {

    private PatientMapping() {}

    /** The patient identifier of PID-3 (first repetition): ID and assigning authority. */
    static PatientKey key(SegmentFields pid) throws HL7Exception {
        return identifier(pid, 3, "patient identifier");
    }

    /** The prior patient identifier of MRG-1. */
    static PatientKey priorKey(SegmentFields mrg) throws HL7Exception {
        return identifier(mrg, 1, "prior patient identifier");
    }

    private static PatientKey identifier(SegmentFields s, int field, String what) throws HL7Exception {
        String id = s.get(field, 1);
        if (id == null || id.isBlank()) {
            throw Hl7Failure.error(ErrorCode.REQUIRED_FIELD_MISSING, s.at(field, 1), s.name() + "-" + field + " " + what + " is missing");
        }
        if (id.length() > 64 || id.contains("\\")) {
            throw Hl7Failure.error(ErrorCode.DATA_TYPE_ERROR, s.at(field, 1),
                    s.name() + "-" + field + " " + what + " is longer than 64 characters or has a backslash");
        }
        String authority = s.get(field, 4, 1);
        if (authority == null || authority.isEmpty()) authority = s.get(field, 4, 2);
        if (authority != null && authority.length() > 64) {
            throw Hl7Failure.error(ErrorCode.DATA_TYPE_ERROR, s.at(field, 4),
                    s.name() + "-" + field + ".4 assigning authority is longer than 64 characters");
        }
        return new PatientKey(id.trim(), authority == null ? "" : authority.trim());
    }

    /** The patient attributes of a PID segment. */
    static DataSet attributes(SegmentFields pid) throws HL7Exception {
        PatientKey key = key(pid);
        DataSet ds = new DataSet();
        ds.setString(Tag.PatientID, VR.LO, key.id());
        if (!key.issuer().isEmpty()) ds.setString(Tag.IssuerOfPatientID, VR.LO, key.issuer());
        String name = pid.personName(5);
        if (name != null) ds.setString(Tag.PatientName, VR.PN, name);
        String birth = pid.dicomDate(7, 1, "date of birth");
        if (birth != null) ds.setString(Tag.PatientBirthDate, VR.DA, birth);
        String sex = sex(pid);
        if (sex != null) ds.setString(Tag.PatientSex, VR.CS, sex);
        return ds;
    }

    /** PID-8 (HL7 table 0001) as DICOM Patient's Sex: M, F, O; unknown as empty. */
    private static String sex(SegmentFields pid) throws HL7Exception {
        String v = pid.get(8);
        if (v == null) return null;
        return switch (v.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "M" -> "M";
            case "F" -> "F";
            case "O", "A", "N" -> "O";
            case "U", "" -> "";
            default -> throw Hl7Failure.error(ErrorCode.TABLE_VALUE_NOT_FOUND, pid.at(8),
                    "PID-8 administrative sex '" + v + "' is not in HL7 table 0001 (M, F, O, U, A, N)");
        };
    }
}
