package org.senpacs.ris.mwl;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.senpacs.archive.ArchiveError;
import org.senpacs.archive.ArchiveException;
import org.senpacs.archive.NameFolding;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;

/**
 * The SQL conditions of a worklist query (PS3.4 K.2.2 and C.2.2.2): single values, {@code *} and
 * {@code ?} wildcards, value lists for modality and station AE, UID lists, date and time ranges
 * (a start date and a start time given together match as one date-time range), and Patient's Name
 * without case and diacritics when the options say so. Empty keys and {@code *} match everything.
 */
final class WorklistMatching {

    /** Top-level keys matched on. */
    private static final Set<Integer> TOP_KEYS = Set.of(Tag.PatientName, Tag.PatientID, Tag.IssuerOfPatientID,
            Tag.AccessionNumber, Tag.RequestedProcedureID, Tag.StudyInstanceUID);
    /** Keys of the Scheduled Procedure Step Sequence item matched on. */
    private static final Set<Integer> SPS_KEYS = Set.of(Tag.ScheduledStationAETitle, Tag.Modality,
            Tag.ScheduledProcedureStepStartDate, Tag.ScheduledProcedureStepStartTime, Tag.ScheduledProcedureStepID,
            Tag.ScheduledProcedureStepStatus, Tag.ScheduledStationName);
    private static final Duration DAY = Duration.ofDays(1);

    private final List<String> where = new ArrayList<>();
    private final List<Object> params = new ArrayList<>();
    private boolean unsupportedKeys;

    private WorklistMatching() {}

    /** The conditions of {@code keys}; an invalid date, time or status is an {@code INVALID_QUERY}. */
    static WorklistMatching of(DataSet keys, WorklistOptions options) throws ArchiveException {
        WorklistMatching m = new WorklistMatching();
        m.status(options, spsItem(keys) == null ? null : value(spsItem(keys), Tag.ScheduledProcedureStepStatus));
        String name = value(keys, Tag.PatientName);
        if (name != null) {
            if (options.fuzzyNames()) m.text("p.patient_name_folded", NameFolding.fold(name));
            else m.text("p.patient_name", name);
        }
        m.textKey(keys, Tag.PatientID, "p.patient_id");
        m.textKey(keys, Tag.IssuerOfPatientID, "p.issuer");
        m.textKey(keys, Tag.AccessionNumber, "o.accession_number");
        m.textKey(keys, Tag.RequestedProcedureID, "o.requested_procedure_id");
        String studyUid = value(keys, Tag.StudyInstanceUID);
        if (studyUid != null) m.list("o.study_uid", studyUid);
        DataSet sps = spsItem(keys);
        if (sps != null) {
            String aet = value(sps, Tag.ScheduledStationAETitle);
            if (aet != null) m.list("o.station_aet", aet);
            String modality = value(sps, Tag.Modality);
            if (modality != null) m.list("o.modality", modality);
            m.textKey(sps, Tag.ScheduledProcedureStepID, "o.sps_id");
            m.textKey(sps, Tag.ScheduledStationName, "o.station_name");
            m.scheduledStart(value(sps, Tag.ScheduledProcedureStepStartDate), value(sps, Tag.ScheduledProcedureStepStartTime));
        }
        m.unsupportedKeys = hasUnsupportedKeys(keys, TOP_KEYS) || (sps != null && hasUnsupportedKeys(sps, SPS_KEYS));
        return m;
    }

    /** The WHERE clause (without the keyword). */
    String where() {
        return String.join(" and ", where);
    }

    /** The parameters of {@link #where()}, in order. */
    List<Object> params() {
        return params;
    }

    /** True when a key had a value that is not matched on (the matches are then sent with status 0xFF01). */
    boolean unsupportedKeys() {
        return unsupportedKeys;
    }

    private static DataSet spsItem(DataSet keys) {
        Sequence seq = keys.getSequence(Tag.ScheduledProcedureStepSequence);
        return seq == null || seq.isEmpty() ? null : seq.get(0);
    }

    /** The key's value, or null when it matches everything (absent, empty, or "*"). */
    private static String value(DataSet ds, int tag) {
        String v = ds.getText(tag);
        if (v == null) return null;
        v = v.strip();
        return v.isEmpty() || v.equals("*") ? null : v;
    }

    private static boolean hasUnsupportedKeys(DataSet ds, Set<Integer> supported) {
        for (int i = 0; i < ds.size(); i++) {
            int tag = ds.tagAt(i);
            if (tag == Tag.SpecificCharacterSet || tag == Tag.ScheduledProcedureStepSequence || supported.contains(tag)) continue;
            if (ds.vrAt(i) == VR.SQ) {
                for (DataSet item : ds.getSequence(tag)) {
                    if (hasUnsupportedKeys(item, Set.of())) return true;
                }
            } else if (value(ds, tag) != null) {
                return true;
            }
        }
        return false;
    }

    private void status(WorklistOptions options, String spsStatus) throws ArchiveException {
        if (spsStatus == null) {
            where.add(options.includeInProgress() ? "o.status in ('SCHEDULED', 'IN_PROGRESS')" : "o.status = 'SCHEDULED'");
            return;
        }
        switch (spsStatus) {
            case "SCHEDULED" -> where.add("o.status = 'SCHEDULED'");
            case "STARTED" -> where.add(options.includeInProgress() ? "o.status = 'IN_PROGRESS'" : "1 = 0");
            case "ARRIVED", "READY", "COMPLETED", "DISCONTINUED", "CANCELED" -> where.add("1 = 0");
            default -> throw new ArchiveException(ArchiveError.INVALID_QUERY, "unknown Scheduled Procedure Step Status " + spsStatus);
        }
    }

    private void textKey(DataSet ds, int tag, String column) {
        String v = value(ds, tag);
        if (v != null) text(column, v);
    }

    private void text(String column, String value) {
        if (value.indexOf('*') < 0 && value.indexOf('?') < 0) {
            where.add(column + " = ?");
            params.add(value);
            return;
        }
        StringBuilder like = new StringBuilder(value.length() + 4);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '*' -> like.append('%');
                case '?' -> like.append('_');
                case '%', '_', '!' -> like.append('!').append(c);
                default -> like.append(c);
            }
        }
        where.add(column + " like ? escape '!'");
        params.add(like.toString());
    }

    /** A backslash-separated list of values (each may have wildcards): any of them matches. */
    private void list(String column, String values) {
        String[] each = values.split("\\\\");
        if (each.length == 1) {
            text(column, each[0].strip());
            return;
        }
        List<String> ors = new ArrayList<>();
        for (String v : each) {
            WorklistMatching one = new WorklistMatching();
            one.text(column, v.strip());
            ors.add(one.where());
            params.addAll(one.params);
        }
        where.add("(" + String.join(" or ", ors) + ")");
    }

    private void scheduledStart(String date, String time) throws ArchiveException {
        if (date == null && time == null) return;
        Range<Duration> t;
        try {
            t = time == null ? new Range<>(Duration.ZERO, DAY) : timeRange(time);
        } catch (ArchiveException e) {
            throw invalid("SPS Start Time not a time or time range: " + time);
        }
        if (date == null) {
            where.add("cast(o.scheduled_start as time) >= ?");
            params.add(java.sql.Time.valueOf(LocalTime.MIDNIGHT.plus(t.lo())));
            if (t.hi().compareTo(DAY) < 0) {
                where.add("cast(o.scheduled_start as time) < ?");
                params.add(java.sql.Time.valueOf(LocalTime.MIDNIGHT.plus(t.hi())));
            }
            return;
        }
        Range<LocalDate> d;
        try {
            d = dateRange(date);
        } catch (ArchiveException e) {
            throw invalid("SPS Start Date not a date or date range: " + date);
        }
        if (d.lo() != null) {
            where.add("o.scheduled_start >= ?");
            params.add(d.lo().atStartOfDay().plus(t.lo()));
        }
        if (d.hi() != null) {
            where.add("o.scheduled_start < ?");
            params.add(d.hi().atStartOfDay().plus(t.hi()));
        }
    }

    /** Inclusive lower and exclusive upper bound; null for an open end. */
    private record Range<T>(T lo, T hi) {}

    private static Range<LocalDate> dateRange(String value) throws ArchiveException {
        int dash = value.indexOf('-');
        if (dash < 0) {
            LocalDate d = date(value);
            return new Range<>(d, d);
        }
        String lo = value.substring(0, dash).strip();
        String hi = value.substring(dash + 1).strip();
        if (lo.isEmpty() && hi.isEmpty()) throw invalid("not a date range: " + value);
        return new Range<>(lo.isEmpty() ? null : date(lo), hi.isEmpty() ? null : date(hi));
    }

    private static LocalDate date(String da) throws ArchiveException {
        if (!da.matches("\\d{8}")) throw invalid("not a date (YYYYMMDD): " + da);
        try {
            return LocalDate.of(Integer.parseInt(da.substring(0, 4)), Integer.parseInt(da.substring(4, 6)),
                    Integer.parseInt(da.substring(6, 8)));
        } catch (java.time.DateTimeException e) {
            throw invalid("not a date: " + da);
        }
    }

    /** A time or time range as offsets from midnight: [lo, hi) where hi may be 24 h. */
    private static Range<Duration> timeRange(String value) throws ArchiveException {
        int dash = value.indexOf('-');
        if (dash < 0) return new Range<>(timeStart(value), timeEnd(value));
        String lo = value.substring(0, dash).strip();
        String hi = value.substring(dash + 1).strip();
        if (lo.isEmpty() && hi.isEmpty()) throw invalid("not a time range: " + value);
        return new Range<>(lo.isEmpty() ? Duration.ZERO : timeStart(lo), hi.isEmpty() ? DAY : timeEnd(hi));
    }

    private static Duration timeStart(String tm) throws ArchiveException {
        return parseTime(tm).lo();
    }

    /** The end of the period a time names: "12" is until 13:00, "1230" until 12:31, "123000" until 12:30:01. */
    private static Duration timeEnd(String tm) throws ArchiveException {
        return parseTime(tm).hi();
    }

    private static Range<Duration> parseTime(String tm) throws ArchiveException {
        String t = tm.replace(":", "");
        String fraction = "";
        int dot = t.indexOf('.');
        if (dot >= 0) {
            fraction = t.substring(dot + 1);
            t = t.substring(0, dot);
        }
        if (!t.matches("\\d{2}|\\d{4}|\\d{6}") || !fraction.matches("\\d{0,6}") || (dot >= 0 && t.length() != 6)) {
            throw invalid("not a time (HHMMSS.FFFFFF): " + tm);
        }
        try {
            int h = Integer.parseInt(t.substring(0, 2));
            int m = t.length() >= 4 ? Integer.parseInt(t.substring(2, 4)) : 0;
            int s = t.length() >= 6 ? Integer.parseInt(t.substring(4, 6)) : 0;
            int micros = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000").substring(0, 6));
            Duration lo = Duration.ofNanos(LocalTime.of(h, m, s, micros * 1000).toNanoOfDay());
            Duration unit = !fraction.isEmpty() ? Duration.ofNanos((long) Math.pow(10, 9 - fraction.length()))
                    : t.length() == 6 ? Duration.ofSeconds(1) : t.length() == 4 ? Duration.ofMinutes(1) : Duration.ofHours(1);
            return new Range<>(lo, lo.plus(unit));
        } catch (java.time.DateTimeException e) {
            throw invalid("not a time: " + tm);
        }
    }

    private static ArchiveException invalid(String message) {
        return new ArchiveException(ArchiveError.INVALID_QUERY, message);
    }
}
