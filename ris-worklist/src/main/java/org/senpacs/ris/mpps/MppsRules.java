package org.senpacs.ris.mpps;

import java.util.List;
import java.util.Objects;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.ElementDictionary;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.net.DicomServiceException;
import org.senpacs.dicom.net.Status;

/**
 * The rules of PS3.4 F.7.2 for the attributes of an MPPS: what N-CREATE must carry, what N-SET may
 * not change, what a final state needs. A broken rule is a {@link DicomServiceException} with the
 * status of the rule and the Offending Element.
 */
final class MppsRules {

    static final String IN_PROGRESS = "IN PROGRESS";
    static final String COMPLETED = "COMPLETED";
    static final String DISCONTINUED = "DISCONTINUED";

    /** Type 1 for the N-CREATE of the SCU (Table F.7.2-1). */
    private static final List<Integer> CREATE_REQUIRED = List.of(Tag.Modality, Tag.PerformedStationAETitle,
            Tag.PerformedProcedureStepStartDate, Tag.PerformedProcedureStepStartTime, Tag.PerformedProcedureStepStatus,
            Tag.PerformedProcedureStepID, Tag.ScheduledStepAttributesSequence);

    /** Attributes that N-SET may not change (Table F.7.2-1, "Not allowed" for N-SET). */
    private static final List<Integer> NOT_SETTABLE = List.of(Tag.Modality, Tag.StudyID, Tag.PatientName, Tag.PatientID,
            Tag.PatientBirthDate, Tag.PatientSex, Tag.ReferencedPatientSequence, Tag.PerformedStationAETitle,
            Tag.PerformedStationName, Tag.PerformedLocation, Tag.PerformedProcedureStepStartDate,
            Tag.PerformedProcedureStepStartTime, Tag.PerformedProcedureStepID, Tag.ScheduledStepAttributesSequence);

    /** Needed once the step is COMPLETED or DISCONTINUED (the final state requirements). */
    private static final List<Integer> FINAL_REQUIRED = List.of(Tag.PerformedProcedureStepEndDate,
            Tag.PerformedProcedureStepEndTime);

    private MppsRules() {}

    /** Checks the attributes of an N-CREATE: the required ones, IN PROGRESS, a Study Instance UID per scheduled step. */
    static void checkCreate(DataSet attrs) throws DicomServiceException {
        require(attrs, CREATE_REQUIRED);
        String status = attrs.getString(Tag.PerformedProcedureStepStatus);
        if (!IN_PROGRESS.equals(status)) {
            throw error(Status.INVALID_ATTRIBUTE_VALUE, "PPS Status must be IN PROGRESS, not " + status,
                    Tag.PerformedProcedureStepStatus);
        }
        for (DataSet item : attrs.getSequence(Tag.ScheduledStepAttributesSequence)) {
            if (!item.hasValue(Tag.StudyInstanceUID)) {
                throw error(Status.MISSING_ATTRIBUTE_VALUE, "Scheduled Step Attributes item without Study Instance UID",
                        Tag.ScheduledStepAttributesSequence);
            }
        }
    }

    /**
     * Checks an N-SET against the stored step: the new status, no change of attributes N-SET may
     * not set (a value sent again unchanged is accepted), and the final state requirements of the
     * result {@code merged}.
     */
    static void checkSet(DataSet stored, DataSet mods, DataSet merged) throws DicomServiceException {
        String status = mods.getString(Tag.PerformedProcedureStepStatus);
        if (mods.contains(Tag.PerformedProcedureStepStatus)
                && !(IN_PROGRESS.equals(status) || COMPLETED.equals(status) || DISCONTINUED.equals(status))) {
            throw error(Status.INVALID_ATTRIBUTE_VALUE, "PPS Status may be IN PROGRESS, COMPLETED or DISCONTINUED, not "
                    + status, Tag.PerformedProcedureStepStatus);
        }
        for (int tag : NOT_SETTABLE) {
            if (mods.contains(tag) && !sameValue(stored, mods, tag)) {
                throw error(Status.INVALID_ATTRIBUTE_VALUE, keyword(tag) + " may not be changed by N-SET", tag);
            }
        }
        String result = merged.getString(Tag.PerformedProcedureStepStatus);
        if (COMPLETED.equals(result) || DISCONTINUED.equals(result)) require(merged, FINAL_REQUIRED);
    }

    private static boolean sameValue(DataSet stored, DataSet mods, int tag) {
        if (mods.vr(tag) != VR.SQ) return Objects.equals(stored.getString(tag), mods.getString(tag));
        Sequence a = stored.getSequence(tag);
        Sequence b = mods.getSequence(tag);
        if (a == null || b == null || a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            if (!sameItem(a.get(i), b.get(i))) return false;
        }
        return true;
    }

    /** The same text of every element (decoded, so that character sets and encodings do not matter). */
    private static boolean sameItem(DataSet a, DataSet b) {
        for (DataSet[] pair : new DataSet[][] {{a, b}, {b, a}}) {
            for (int i = 0; i < pair[0].size(); i++) {
                int tag = pair[0].tagAt(i);
                if (tag == Tag.SpecificCharacterSet) continue;
                if (!sameValue(pair[1], pair[0], tag) && !(pair[0].vrAt(i) == VR.SQ && !pair[1].contains(tag)
                        && pair[0].getSequence(tag).isEmpty())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void require(DataSet ds, List<Integer> tags) throws DicomServiceException {
        for (int tag : tags) {
            if (!ds.contains(tag)) throw error(Status.MISSING_ATTRIBUTE, keyword(tag) + " missing", tag);
            if (!ds.hasValue(tag)) throw error(Status.MISSING_ATTRIBUTE_VALUE, keyword(tag) + " empty", tag);
        }
    }

    static String keyword(int tag) {
        String k = ElementDictionary.standard().keywordOf(tag);
        return k != null ? k : String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }

    /** A failure with its Offending Element (0000,0901). */
    static DicomServiceException error(int status, String comment, int... offending) {
        DataSet rsp = new DataSet(2);
        if (offending.length > 0) rsp.setInt(Tag.OffendingElement, VR.AT, offending);
        return new DicomServiceException(status, comment, rsp);
    }
}
