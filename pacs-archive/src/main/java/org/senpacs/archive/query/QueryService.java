package org.senpacs.archive.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.hibernate.query.SelectionQuery;
import org.senpacs.archive.ArchiveError;
import org.senpacs.archive.ArchiveException;
import org.senpacs.archive.ArchivePolicy;
import org.senpacs.archive.NameFolding;
import org.senpacs.archive.RequestOrigin;
import org.senpacs.archive.db.Database;
import org.senpacs.archive.index.IndexWriter;
import org.senpacs.archive.index.InstanceEntity;
import org.senpacs.archive.index.Levels;
import org.senpacs.archive.index.Levels.Level;
import org.senpacs.archive.index.PatientEntity;
import org.senpacs.archive.index.SeriesEntity;
import org.senpacs.archive.index.StudyEntity;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers queries of every transport (C-FIND, QIDO-RS) from the index alone: matching on indexed
 * columns (single value, wildcards on characters, ranges, UID lists, universal), return keys from
 * the encoded copies of each level, results streamed.
 */
public final class QueryService {

    /**
     * A query.
     *
     * @param level the level of the matches
     * @param keys matching and return keys (an identifier)
     * @param includeAll return every stored attribute of the levels, not only the keys (QIDO includefield=all)
     * @param offset skip this many matches
     * @param limit at most this many matches (capped by the policy)
     */
    public record Query(RequestOrigin origin, Level level, DataSet keys, boolean includeAll, int offset, int limit) {}

    private static final Logger LOG = LoggerFactory.getLogger(QueryService.class);

    private final Database db;
    private final ArchivePolicy policy;

    public QueryService(Database db, ArchivePolicy policy) {
        this.db = db;
        this.policy = policy;
    }

    /**
     * What a query sent.
     *
     * @param matches the matches handed to the sink
     * @param truncated more matched than {@code archive.max-query-results} allows: only the first were sent
     */
    public record Outcome(int matches, boolean truncated) {}

    /** Hands each match to {@code sink} until it returns false. */
    public Outcome query(Query q, Predicate<DataSet> sink) throws ArchiveException {
        boolean patientCounts = q.level() == Level.PATIENT && (q.includeAll() || q.keys().contains(Tag.NumberOfPatientRelatedStudies)
                || q.keys().contains(Tag.NumberOfPatientRelatedSeries) || q.keys().contains(Tag.NumberOfPatientRelatedInstances));
        Hql hql = new Hql(q.level(), patientCounts);
        for (int i = 0; i < q.keys().size(); i++) {
            int tag = q.keys().tagAt(i);
            if (q.keys().vrAt(i) == VR.SQ) continue; // sequence matching is not supported: return key only
            String value = q.keys().getText(tag);
            if (value == null || value.isEmpty() || value.equals("*")) continue;
            Column col = Column.of(tag);
            if (col == null || col.level.ordinal() > q.level().ordinal()) continue;
            hql.match(col, q.keys().vrAt(i), value.trim(), policy.fuzzyNames());
        }
        int cap = policy.maxQueryResults();
        // When the archive's cap is what limits the query, one match more is read to tell whether
        // the answer was cut short.
        boolean capped = q.limit() <= 0 || q.limit() > cap;
        int limit = capped ? cap : q.limit();
        try {
            Outcome outcome = db.sessions().fromSession(s -> {
                SelectionQuery<Object[]> query = s.createSelectionQuery(hql.toString(), Object[].class);
                hql.params.forEach(query::setParameter);
                int read = capped ? (int) Math.min(cap + 1L, Integer.MAX_VALUE) : limit;
                query.setFirstResult(Math.max(0, q.offset())).setMaxResults(read).setFetchSize(200);
                int n = 0;
                try (Stream<Object[]> rows = query.getResultStream()) {
                    for (Object[] row : (Iterable<Object[]>) rows::iterator) {
                        if (n == limit) return new Outcome(n, true);
                        n++;
                        if (!sink.test(response(q, row))) break;
                    }
                }
                return new Outcome(n, false);
            });
            if (outcome.truncated()) {
                LOG.warn("SEN-A204 a {} query ({}) matched more than {} (archive.max-query-results): only the first were sent",
                        q.level(), q.origin(), cap);
            }
            return outcome;
        } catch (RuntimeException e) {
            throw new ArchiveException(ArchiveError.DATABASE_UNAVAILABLE, "query failed: " + e.getMessage(), e);
        }
    }

    /** {@code row}: the entities of the match, then (patient level) its numbers of studies, series and instances. */
    private static DataSet response(Query q, Object[] row) {
        DataSet merged = new DataSet(64);
        boolean utf8 = false;
        for (Object o : row) {
            if (o instanceof Number) continue; // the patient's counts, below
            byte[] attrs = switch (o) {
                case PatientEntity p -> p.attrs;
                case StudyEntity st -> st.attrs;
                case SeriesEntity se -> se.attrs;
                case InstanceEntity i -> i.attrs;
                default -> null;
            };
            DataSet level = Levels.decode(attrs);
            utf8 |= level.contains(Tag.SpecificCharacterSet);
            for (int k = 0; k < level.size(); k++) {
                if (level.tagAt(k) != Tag.SpecificCharacterSet) merged.put(level.tagAt(k), level.vrAt(k), level.valueAt(k));
            }
            switch (o) {
                case StudyEntity st -> {
                    merged.setString(Tag.ModalitiesInStudy, VR.CS, st.modalities == null ? "" : st.modalities);
                    merged.setString(Tag.NumberOfStudyRelatedSeries, VR.IS, Integer.toString(st.numSeries));
                    merged.setString(Tag.NumberOfStudyRelatedInstances, VR.IS, Integer.toString(st.numInstances));
                }
                case SeriesEntity se -> merged.setString(Tag.NumberOfSeriesRelatedInstances, VR.IS, Integer.toString(se.numInstances));
                case InstanceEntity i -> {
                    merged.setString(Tag.SOPInstanceUID, VR.UI, i.sopUid);
                    merged.setString(Tag.SOPClassUID, VR.UI, i.sopClassUid);
                    merged.setString(Tag.AvailableTransferSyntaxUID, VR.UI, i.transferSyntax);
                }
                default -> { }
            }
        }
        if (q.level() == Level.PATIENT && row.length == 4) {
            merged.setString(Tag.NumberOfPatientRelatedStudies, VR.IS, row[1].toString());
            merged.setString(Tag.NumberOfPatientRelatedSeries, VR.IS, row[2].toString());
            merged.setString(Tag.NumberOfPatientRelatedInstances, VR.IS, row[3].toString());
        }
        merged.setString(Tag.InstanceAvailability, VR.CS, "ONLINE");
        if (q.origin() != null && q.origin().calledAet() != null) merged.setString(Tag.RetrieveAETitle, VR.AE, q.origin().calledAet());
        DataSet out;
        if (q.includeAll()) {
            out = merged;
            for (int i = 0; i < q.keys().size(); i++) {
                if (!out.contains(q.keys().tagAt(i))) out.setEmpty(q.keys().tagAt(i), q.keys().vrAt(i));
            }
        } else {
            out = new DataSet(q.keys().size() + 2);
            for (int i = 0; i < q.keys().size(); i++) {
                int tag = q.keys().tagAt(i);
                if (tag == Tag.SpecificCharacterSet) continue;
                int at = merged.indexOf(tag);
                if (at >= 0) out.put(tag, merged.vrAt(at), merged.valueAt(at));
                else if (q.keys().vrAt(i) == VR.SQ) out.setEmpty(tag, VR.SQ);
                else out.setEmpty(tag, q.keys().vrAt(i));
            }
        }
        out.setString(Tag.QueryRetrieveLevel, VR.CS, q.level().name());
        if (utf8) out.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        return out;
    }

    /** Indexed attributes and their columns. */
    enum Column {
        PATIENT_ID(Tag.PatientID, Level.PATIENT, "p.patientId", Kind.TEXT),
        ISSUER(Tag.IssuerOfPatientID, Level.PATIENT, "p.issuer", Kind.TEXT),
        PATIENT_NAME(Tag.PatientName, Level.PATIENT, "p.patientName", Kind.NAME),
        BIRTH_DATE(Tag.PatientBirthDate, Level.PATIENT, "p.birthDate", Kind.DATE),
        SEX(Tag.PatientSex, Level.PATIENT, "p.sex", Kind.TEXT),
        STUDY_UID(Tag.StudyInstanceUID, Level.STUDY, "st.studyUid", Kind.UID),
        STUDY_DATE(Tag.StudyDate, Level.STUDY, "st.studyDate", Kind.DATE),
        STUDY_TIME(Tag.StudyTime, Level.STUDY, "st.studyTime", Kind.TIME),
        ACCESSION(Tag.AccessionNumber, Level.STUDY, "st.accessionNumber", Kind.TEXT),
        STUDY_ID(Tag.StudyID, Level.STUDY, "st.studyId", Kind.TEXT),
        REFERRING(Tag.ReferringPhysicianName, Level.STUDY, "st.referringPhysician", Kind.NAME),
        STUDY_DESCRIPTION(Tag.StudyDescription, Level.STUDY, "st.description", Kind.TEXT),
        MODALITIES(Tag.ModalitiesInStudy, Level.STUDY, "st.modalities", Kind.MODALITIES),
        SERIES_UID(Tag.SeriesInstanceUID, Level.SERIES, "se.seriesUid", Kind.UID),
        MODALITY(Tag.Modality, Level.SERIES, "se.modality", Kind.TEXT),
        SERIES_NUMBER(Tag.SeriesNumber, Level.SERIES, "se.seriesNumber", Kind.INTEGER),
        SERIES_DESCRIPTION(Tag.SeriesDescription, Level.SERIES, "se.description", Kind.TEXT),
        BODY_PART(Tag.BodyPartExamined, Level.SERIES, "se.bodyPart", Kind.TEXT),
        PERFORMED_DATE(Tag.PerformedProcedureStepStartDate, Level.SERIES, "se.performedDate", Kind.DATE),
        SOP_UID(Tag.SOPInstanceUID, Level.IMAGE, "i.sopUid", Kind.UID),
        SOP_CLASS(Tag.SOPClassUID, Level.IMAGE, "i.sopClassUid", Kind.UID),
        INSTANCE_NUMBER(Tag.InstanceNumber, Level.IMAGE, "i.instanceNumber", Kind.INTEGER);

        enum Kind { TEXT, NAME, DATE, TIME, UID, INTEGER, MODALITIES }

        final int tag;
        final Level level;
        final String path;
        final Kind kind;

        Column(int tag, Level level, String path, Kind kind) {
            this.tag = tag;
            this.level = level;
            this.path = path;
            this.kind = kind;
        }

        static Column of(int tag) {
            for (Column c : values()) {
                if (c.tag == tag) return c;
            }
            return null;
        }
    }

    /** Builds the HQL of a query with named parameters. */
    static final class Hql {
        private final StringBuilder select = new StringBuilder();
        private final List<String> where = new ArrayList<>();
        final Map<String, Object> params = new java.util.LinkedHashMap<>();
        private final Level level;

        /** {@code patientCounts}: at patient level, also select each patient's numbers of studies, series and instances. */
        Hql(Level level, boolean patientCounts) {
            this.level = level;
            switch (level) {
                case PATIENT -> select.append(patientCounts ? "select p, (select count(c) from StudyEntity c where c.patient = p),"
                        + " (select coalesce(sum(c.numSeries), 0) from StudyEntity c where c.patient = p),"
                        + " (select coalesce(sum(c.numInstances), 0) from StudyEntity c where c.patient = p) from PatientEntity p"
                        : "select p from PatientEntity p");
                case STUDY -> select.append("select p, st from StudyEntity st join st.patient p");
                case SERIES -> select.append("select p, st, se from SeriesEntity se join se.study st join st.patient p");
                case IMAGE -> select.append("select p, st, se, i from InstanceEntity i join i.series se join se.study st join st.patient p");
            }
        }

        private String param(Object v) {
            String name = "p" + params.size();
            params.put(name, v);
            return ":" + name;
        }

        void match(Column col, VR vr, String value, boolean fuzzy) throws ArchiveException {
            String path = col.path;
            switch (col.kind) {
                case UID -> {
                    List<String> uids = List.of(value.split("\\\\"));
                    where.add(uids.size() == 1 ? path + " = " + param(uids.get(0)) : path + " in " + param(uids));
                }
                case DATE, TIME -> range(path, col.kind == Column.Kind.TIME, value);
                case INTEGER -> {
                    try {
                        where.add(path + " = " + param(Integer.parseInt(value)));
                    } catch (NumberFormatException e) {
                        throw new ArchiveException(ArchiveError.INVALID_QUERY, "not a number for " + col + ": " + value);
                    }
                }
                case MODALITIES -> {
                    List<String> ors = new ArrayList<>();
                    for (String m : value.split("\\\\")) {
                        ors.add("exists (select 1 from SeriesEntity s2 where s2.study = st and s2.modality = " + param(m) + ")");
                    }
                    where.add("(" + String.join(" or ", ors) + ")");
                }
                case NAME -> {
                    String v = fuzzy ? NameFolding.fold(value) : value;
                    text(fuzzy ? path + "Folded" : path, v);
                }
                case TEXT -> text(path, value);
            }
        }

        private void text(String path, String value) {
            if (value.indexOf('*') >= 0 || value.indexOf('?') >= 0) {
                StringBuilder like = new StringBuilder();
                for (char c : value.toCharArray()) {
                    switch (c) {
                        case '*' -> like.append('%');
                        case '?' -> like.append('_');
                        case '%', '_', '!' -> like.append('!').append(c);
                        default -> like.append(c);
                    }
                }
                where.add(path + " like " + param(like.toString()) + " escape '!'");
            } else {
                where.add(path + " = " + param(value));
            }
        }

        private void range(String path, boolean time, String value) throws ArchiveException {
            int dash = value.indexOf('-');
            String lo = dash < 0 ? value : value.substring(0, dash).trim();
            String hi = dash < 0 ? value : value.substring(dash + 1).trim();
            if (time) {
                lo = lo.isEmpty() ? "" : IndexWriter.normalizeTime(lo);
                hi = hi.isEmpty() ? "" : (hi.replace(":", "").split("\\.")[0] + "999999").substring(0, 6);
            } else if (!lo.matches("\\d{8}|") || !hi.matches("\\d{8}|")) {
                throw new ArchiveException(ArchiveError.INVALID_QUERY, "not a date or date range: " + value);
            }
            if (dash < 0 && !time) {
                where.add(path + " = " + param(lo));
                return;
            }
            if (!lo.isEmpty()) where.add(path + " >= " + param(lo));
            if (!hi.isEmpty()) where.add(path + " <= " + param(hi));
        }

        @Override
        public String toString() {
            String order = switch (level) {
                case PATIENT -> " order by p.pk";
                case STUDY -> " order by st.pk";
                case SERIES -> " order by se.pk";
                case IMAGE -> " order by i.pk";
            };
            return select + (where.isEmpty() ? "" : " where " + String.join(" and ", where)) + order;
        }
    }
}
