package org.senpacs.tools.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.ElementDictionary;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.Tags;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;
import picocli.CommandLine.Option;

/**
 * The query of find, move and get: information model, level and keys. A key is
 * {@code Tag=value} (a value to match), {@code Tag} alone (a return key, empty) or a path into a
 * sequence such as {@code ScheduledProcedureStepSequence.Modality=CT}; tags are keywords or hex.
 */
final class QueryOptions {

    /** The Query/Retrieve information models (PS3.4 C.6) and the Modality Worklist (K.6). */
    enum Model {
        PATIENT_ROOT("PatientRoot", UID.PatientRootQueryRetrieveInformationModelFind, UID.PatientRootQueryRetrieveInformationModelMove,
                UID.PatientRootQueryRetrieveInformationModelGet),
        STUDY_ROOT("StudyRoot", UID.StudyRootQueryRetrieveInformationModelFind, UID.StudyRootQueryRetrieveInformationModelMove,
                UID.StudyRootQueryRetrieveInformationModelGet),
        MWL("MWL", UID.ModalityWorklistInformationModelFind, null, null);

        final String label;
        final String find;
        final String move;
        final String get;

        Model(String label, String find, String move, String get) {
            this.label = label;
            this.find = find;
            this.move = move;
            this.get = get;
        }

        static Model parse(String s) {
            return switch (s.trim().toUpperCase(Locale.ROOT)) {
                case "PATIENTROOT", "PATIENT", "P" -> PATIENT_ROOT;
                case "STUDYROOT", "STUDY", "S" -> STUDY_ROOT;
                case "MWL", "WORKLIST", "W" -> MWL;
                default -> throw new NetCommand.UsageException("-M must be PatientRoot, StudyRoot or MWL, not '" + s + "'");
            };
        }
    }

    @Option(names = {"-M", "--model"}, paramLabel = "MODEL", defaultValue = "StudyRoot",
            description = "information model: PatientRoot, StudyRoot or MWL (find only) (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = {"-L", "--level"}, paramLabel = "LEVEL",
            description = "Query/Retrieve Level: PATIENT, STUDY, SERIES or IMAGE (default: STUDY; not with MWL)")
    String level;

    @Option(names = {"-k", "--key"}, paramLabel = "TAG[=VALUE]",
            description = "a matching key (Tag=value) or return key (Tag), repeatable; a tag is a keyword or hex "
                    + "(PatientName, 00100010, 0010,0010); A.B=value goes into the item of sequence A. "
                    + "Non-ASCII values set Specific Character Set ISO_IR 192 (UTF-8).")
    List<String> keys = new ArrayList<>();

    Model model() {
        return Model.parse(model);
    }

    /** The level, checked against the model; null for MWL. */
    String level() {
        Model m = model();
        if (m == Model.MWL) {
            if (level != null) throw new NetCommand.UsageException("-L does not apply to MWL");
            return null;
        }
        String l = level == null ? "STUDY" : level.trim().toUpperCase(Locale.ROOT);
        if (l.equals("INSTANCE")) l = "IMAGE";
        if (!List.of("PATIENT", "STUDY", "SERIES", "IMAGE").contains(l)) {
            throw new NetCommand.UsageException("-L must be PATIENT, STUDY, SERIES or IMAGE, not '" + level + "'");
        }
        if (l.equals("PATIENT") && m == Model.STUDY_ROOT) {
            throw new NetCommand.UsageException("-L PATIENT needs -M PatientRoot (Study Root has no patient level)");
        }
        return l;
    }

    /**
     * The identifier: Query/Retrieve Level, the default return keys of the level (when asked),
     * then the -k keys, which win.
     */
    DataSet identifier(boolean withDefaultReturnKeys) {
        String l = level();
        DataSet ds = new DataSet();
        if (withDefaultReturnKeys) {
            for (int tag : defaultReturnKeys(l)) ds.setEmpty(tag, ElementDictionary.standard().vrOf(tag));
            if (l == null) { // MWL: the scheduled step's main attributes
                DataSet sps = ds.newSequence(Tag.ScheduledProcedureStepSequence, 1).addItem();
                for (int tag : new int[] {Tag.Modality, Tag.ScheduledStationAETitle, Tag.ScheduledProcedureStepStartDate,
                    Tag.ScheduledProcedureStepStartTime, Tag.ScheduledProcedureStepID, Tag.ScheduledProcedureStepDescription}) {
                    sps.setEmpty(tag, ElementDictionary.standard().vrOf(tag));
                }
            }
        }
        boolean nonAscii = false;
        for (String k : keys) nonAscii |= put(ds, k);
        if (nonAscii && !ds.contains(Tag.SpecificCharacterSet)) ds.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        if (l != null) ds.setString(Tag.QueryRetrieveLevel, VR.CS, l);
        return ds;
    }

    private static int[] defaultReturnKeys(String level) {
        if (level == null) {
            return new int[] {Tag.AccessionNumber, Tag.PatientName, Tag.PatientID, Tag.PatientBirthDate, Tag.PatientSex,
                Tag.StudyInstanceUID, Tag.RequestedProcedureID, Tag.RequestedProcedureDescription};
        }
        return switch (level) {
            case "PATIENT" -> new int[] {Tag.PatientName, Tag.PatientID, Tag.PatientBirthDate, Tag.PatientSex,
                Tag.NumberOfPatientRelatedStudies};
            case "STUDY" -> new int[] {Tag.StudyDate, Tag.StudyTime, Tag.AccessionNumber, Tag.PatientName, Tag.PatientID,
                Tag.StudyID, Tag.StudyDescription, Tag.ModalitiesInStudy, Tag.NumberOfStudyRelatedInstances,
                Tag.StudyInstanceUID};
            case "SERIES" -> new int[] {Tag.Modality, Tag.SeriesNumber, Tag.SeriesDescription,
                Tag.NumberOfSeriesRelatedInstances, Tag.SeriesInstanceUID};
            default -> new int[] {Tag.SOPClassUID, Tag.SOPInstanceUID, Tag.InstanceNumber};
        };
    }

    /** Puts one -k key; true when its value is not ASCII. */
    static boolean put(DataSet root, String key) {
        int eq = key.indexOf('=');
        String path = (eq < 0 ? key : key.substring(0, eq)).trim();
        String value = eq < 0 ? null : key.substring(eq + 1);
        if (path.isEmpty()) throw new NetCommand.UsageException("-k '" + key + "': no tag");
        String[] parts = path.split("\\.");
        DataSet ds = root;
        for (int i = 0; i < parts.length - 1; i++) {
            int seqTag = tag(parts[i], key);
            if (ElementDictionary.standard().vrOf(seqTag) != VR.SQ) {
                throw new NetCommand.UsageException("-k '" + key + "': " + parts[i] + " is not a sequence");
            }
            Sequence seq = ds.getSequence(seqTag);
            if (seq == null) seq = ds.newSequence(seqTag, 1);
            ds = seq.isEmpty() ? seq.addItem() : seq.get(0);
        }
        int tag = tag(parts[parts.length - 1], key);
        VR vr = ElementDictionary.standard().vrOf(tag);
        if (vr == VR.SQ) {
            if (value != null && !value.isEmpty()) {
                throw new NetCommand.UsageException("-k '" + key + "': a sequence takes no value; give its items' keys as "
                        + parts[parts.length - 1] + ".Tag=value");
            }
            if (ds.getSequence(tag) == null) ds.newSequence(tag, 1);
            return false;
        }
        if (value == null || value.isEmpty()) {
            ds.setEmpty(tag, vr);
            return false;
        }
        try {
            ds.setString(tag, vr, value);
        } catch (RuntimeException e) {
            throw new NetCommand.UsageException("-k '" + key + "': not a valid " + vr + " value");
        }
        return !value.chars().allMatch(c -> c < 0x80);
    }

    private static int tag(String text, String key) {
        int tag;
        try {
            tag = Tags.parse(text);
        } catch (IllegalArgumentException e) {
            throw new NetCommand.UsageException("-k '" + key + "': " + text + " is not a tag or keyword");
        }
        if (Tags.isPrivate(tag) || ElementDictionary.standard().entry(tag) == null) {
            throw new NetCommand.UsageException("-k '" + key + "': " + text + " is not a standard attribute");
        }
        return tag;
    }
}
