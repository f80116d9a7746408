package org.senpacs.dicomweb;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.senpacs.archive.index.Levels.Level;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.ElementDictionary;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.Tags;
import org.senpacs.dicom.Uids;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;

/**
 * The query of a QIDO-RS request (PS3.18 §8.3.4): matching keys by keyword or tag, includefield,
 * fuzzymatching, limit and offset, checked and turned into the identifier the archive's query
 * service takes. Values are percent-decoded as UTF-8 ('+' is a space, as form encoding has it).
 */
final class QidoParams {

    /** Default return attributes of PS3.18 Table 6.7.1-2, by level (Retrieve URL is added by the resource). */
    static final int[] STUDY_DEFAULTS = {Tag.StudyDate, Tag.StudyTime, Tag.AccessionNumber, Tag.InstanceAvailability,
        Tag.ModalitiesInStudy, Tag.ReferringPhysicianName, Tag.TimezoneOffsetFromUTC, Tag.PatientName, Tag.PatientID,
        Tag.PatientBirthDate, Tag.PatientSex, Tag.StudyInstanceUID, Tag.StudyID, Tag.StudyDescription,
        Tag.NumberOfStudyRelatedSeries, Tag.NumberOfStudyRelatedInstances};
    static final int[] SERIES_DEFAULTS = {Tag.Modality, Tag.TimezoneOffsetFromUTC, Tag.SeriesDescription,
        Tag.SeriesInstanceUID, Tag.PerformedProcedureStepStartDate, Tag.PerformedProcedureStepStartTime,
        Tag.RequestAttributesSequence, Tag.SeriesNumber, Tag.NumberOfSeriesRelatedInstances};
    static final int[] INSTANCE_DEFAULTS = {Tag.SOPClassUID, Tag.SOPInstanceUID, Tag.InstanceAvailability,
        Tag.TimezoneOffsetFromUTC, Tag.InstanceNumber, Tag.Rows, Tag.Columns, Tag.BitsAllocated, Tag.NumberOfFrames};

    /** Attributes the archive matches on (its indexed columns); others are return keys only. */
    private static final Set<Integer> MATCHABLE = Set.of(Tag.PatientID, Tag.IssuerOfPatientID, Tag.PatientName,
            Tag.PatientBirthDate, Tag.PatientSex, Tag.StudyInstanceUID, Tag.StudyDate, Tag.StudyTime, Tag.AccessionNumber,
            Tag.StudyID, Tag.ReferringPhysicianName, Tag.StudyDescription, Tag.ModalitiesInStudy, Tag.SeriesInstanceUID,
            Tag.Modality, Tag.SeriesNumber, Tag.SeriesDescription, Tag.BodyPartExamined,
            Tag.PerformedProcedureStepStartDate, Tag.SOPInstanceUID, Tag.SOPClassUID, Tag.InstanceNumber);

    private static final Pattern DATE = Pattern.compile("\\d{8}|\\d{8}-|-\\d{8}|\\d{8}-\\d{8}");
    private static final Pattern TIME = Pattern.compile("(\\d{2}:?\\d{0,2}:?\\d{0,2}(\\.\\d{1,6})?)?(-(\\d{2}:?\\d{0,2}:?\\d{0,2}(\\.\\d{1,6})?)?)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,10}");
    private static final int MAX_VALUE_CHARS = 1024;

    final DataSet keys = new DataSet(32);
    boolean includeAll;
    boolean fuzzy;
    int offset;
    int limit;
    final List<String> notMatched = new ArrayList<>();

    /**
     * Parses the raw query string of a request at {@code level}. {@code scope} holds the UIDs of
     * the path (the study of /studies/{study}/series); {@code withParents} adds the default
     * attributes of the levels above (for /series and /instances across studies).
     */
    static QidoParams parse(String rawQuery, Level level, Map<Integer, String> scope, boolean withParents) {
        QidoParams p = new QidoParams();
        p.keys.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        addDefaults(p.keys, level, withParents);
        for (Map.Entry<String, List<String>> e : decode(rawQuery).entrySet()) {
            String name = e.getKey();
            List<String> values = e.getValue();
            switch (name) {
                case "limit" -> p.limit = number(name, last(values));
                case "offset" -> p.offset = number(name, last(values));
                case "fuzzymatching" -> p.fuzzy = bool(name, last(values));
                case "includefield" -> {
                    for (String v : values) {
                        for (String f : v.split(",")) {
                            if (f.isBlank()) continue;
                            if (f.trim().equalsIgnoreCase("all")) p.includeAll = true;
                            else returnKey(p.keys, tagOf(f.trim()));
                        }
                    }
                }
                default -> {
                    int tag = tagOf(name);
                    if (values.size() > 1) throw DicomWebException.badRequest("matching key given more than once: " + name);
                    p.match(tag, values.get(0));
                }
            }
        }
        for (Map.Entry<Integer, String> s : scope.entrySet()) {
            if (!Uids.isValid(s.getValue())) throw DicomWebException.badRequest("not a valid UID in the path: " + s.getValue());
            p.keys.setString(s.getKey(), VR.UI, s.getValue());
        }
        return p;
    }

    private void match(int tag, String value) {
        if (value.length() > MAX_VALUE_CHARS) throw DicomWebException.badRequest("value too long for " + Tags.toString(tag));
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw DicomWebException.badRequest("control character in the value of " + Tags.toString(tag));
            }
        }
        VR vr = ElementDictionary.standard().vrOf(tag);
        if (value.isEmpty() || value.equals("*")) {
            returnKey(keys, tag);
            return;
        }
        if (!MATCHABLE.contains(tag)) {
            notMatched.add(keyword(tag));
            returnKey(keys, tag);
            return;
        }
        switch (vr) {
            case UI -> {
                String[] uids = value.split("[,\\\\]");
                for (String u : uids) {
                    if (!Uids.isValid(u.trim())) throw DicomWebException.badRequest("not a valid UID for " + keyword(tag) + ": " + u);
                }
                value = String.join("\\", java.util.Arrays.stream(uids).map(String::trim).toList());
            }
            case DA -> {
                if (!DATE.matcher(value).matches()) throw DicomWebException.badRequest("not a date or date range (YYYYMMDD[-YYYYMMDD]) for " + keyword(tag) + ": " + value);
            }
            case TM -> {
                if (!TIME.matcher(value).matches()) throw DicomWebException.badRequest("not a time or time range for " + keyword(tag) + ": " + value);
            }
            case IS -> {
                if (!INTEGER.matcher(value.trim()).matches()) throw DicomWebException.badRequest("not an integer for " + keyword(tag) + ": " + value);
            }
            case CS -> value = value.replace(',', '\\');
            default -> { }
        }
        keys.setString(tag, vr, value);
    }

    private static void addDefaults(DataSet keys, Level level, boolean withParents) {
        if (level == Level.STUDY || withParents) {
            for (int t : STUDY_DEFAULTS) returnKey(keys, t);
        }
        if (level == Level.SERIES || level == Level.IMAGE && withParents) {
            for (int t : SERIES_DEFAULTS) returnKey(keys, t);
        }
        if (level == Level.IMAGE) {
            for (int t : INSTANCE_DEFAULTS) returnKey(keys, t);
        }
    }

    private static void returnKey(DataSet keys, int tag) {
        if (!keys.contains(tag)) keys.setEmpty(tag, ElementDictionary.standard().vrOf(tag));
    }

    static int tagOf(String name) {
        try {
            int tag = Tags.parse(name);
            if (ElementDictionary.standard().entry(tag) == null && !Tags.isPrivate(tag)) {
                throw DicomWebException.badRequest("unknown attribute: " + name);
            }
            if (Tags.group(tag) == 0x0002 || Tags.group(tag) == 0x7FE0 || tag == Tag.SpecificCharacterSet) {
                throw DicomWebException.badRequest("not a query attribute: " + name);
            }
            return tag;
        } catch (IllegalArgumentException e) {
            throw DicomWebException.badRequest("unknown attribute or query parameter: " + name);
        }
    }

    private static String keyword(int tag) {
        String k = ElementDictionary.standard().keywordOf(tag);
        return k != null ? k : Tags.toHex(tag);
    }

    private static int number(String name, String v) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw DicomWebException.badRequest(name + " must be a non-negative integer: " + v);
        }
    }

    private static boolean bool(String name, String v) {
        if (v.equalsIgnoreCase("true")) return true;
        if (v.equalsIgnoreCase("false")) return false;
        throw DicomWebException.badRequest(name + " must be true or false: " + v);
    }

    private static String last(List<String> values) {
        return values.get(values.size() - 1);
    }

    /** Parameters in order, values percent-decoded as UTF-8. */
    static Map<String, List<String>> decode(String rawQuery) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) return out;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                name = URLDecoder.decode(name, StandardCharsets.UTF_8);
                value = URLDecoder.decode(value, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw DicomWebException.badRequest("malformed percent-encoding in the query");
            }
            if (value.indexOf('\uFFFD') >= 0) throw DicomWebException.badRequest("query value is not UTF-8");
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }
}
