package org.senpacs.tools.synth;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.senpacs.dicom.DateTimes;
import org.senpacs.tools.synth.CorpusPlan.Patient;
import org.senpacs.tools.synth.CorpusPlan.Study;

/**
 * Study-level queries with their expected answers, so a benchmark or a test can tell a right answer
 * from a fast wrong one.
 *
 * <p>Each answer is the list of matching Study Instance UIDs under PS3.4 C.2.2.2 matching: single
 * value (exact), wildcard ({@code *} any run of characters, {@code ?} one character) and date
 * range. Person names may also be matched the way many archives do, ignoring case and diacritics
 * ("NGUYEN" matches "NGUYỄN"); where that gives another answer it is given as {@code folded}, and
 * either answer is right.
 */
final class Queries {

    private Queries() {}

    /**
     * @param id stable name the bench scripts use ("pn-vi-wildcard", "date-range", ...)
     * @param keys matching keys, by attribute keyword, as a C-FIND identifier or QIDO-RS query would
     *     send them
     * @param expected Study Instance UIDs of the matches, in corpus order
     * @param folded the matches when person names are compared without case and diacritics; null when
     *     the same as {@code expected}
     */
    record Query(String id, String description, Map<String, String> keys, List<String> expected, List<String> folded) {}

    static List<Query> of(CorpusPlan plan) {
        List<Study> studies = plan.studies();
        List<Query> queries = new ArrayList<>();
        String viFamily = commonestFamily(studies, s -> !s.ascii() && Names.hasNonAscii(family(s.patient().name())));
        if (viFamily != null) {
            queries.add(personName("pn-vi-wildcard", "Vietnamese family name with diacritics, wildcard", viFamily + "*",
                    studies));
        }
        Patient vietnamese = first(plan, p -> !p.ascii() && Names.hasNonAscii(family(p.name())));
        if (vietnamese != null) {
            String pattern = family(vietnamese.name()) + "^" + firstGiven(vietnamese.name()) + "*";
            queries.add(personName("pn-vi-given", "Vietnamese family and middle name, wildcard", pattern, studies));
            queries.add(personName("pn-vi-exact", "Vietnamese name with diacritics, exact", vietnamese.name(), studies));
        }
        Patient withD = first(plan, p -> !p.ascii() && p.name().startsWith("Đ"));
        if (withD != null) {
            queries.add(personName("pn-vi-dd", "family name with Đ, wildcard", family(withD.name()) + "*", studies));
        }
        String asciiFamily = commonestFamily(studies, Study::ascii);
        if (asciiFamily != null) {
            queries.add(personName("pn-ascii-wildcard", "ASCII family name, wildcard", asciiFamily + "*", studies));
        }

        // Dates: from the first of January of the 30th-percentile study's year to the last of December
        // of the 60th percentile's: a few years, some but not all studies.
        List<LocalDate> dates = new ArrayList<>();
        for (Study s : studies) dates.add(s.date());
        dates.sort(null);
        LocalDate from = LocalDate.of(dates.get(dates.size() * 3 / 10).getYear(), 1, 1);
        LocalDate to = LocalDate.of(dates.get(dates.size() * 6 / 10).getYear(), 12, 31);
        String range = DateTimes.formatDate(from) + "-" + DateTimes.formatDate(to);
        queries.add(new Query("date-range", "Study Date range", Map.of("StudyDate", range),
                uids(studies, s -> !s.date().isBefore(from) && !s.date().isAfter(to)), null));

        Study middle = studies.get(studies.size() / 2);
        queries.add(new Query("accession", "Accession Number, exact", Map.of("AccessionNumber", middle.accession()),
                uids(studies, s -> s.accession().equals(middle.accession())), null));

        Patient third = plan.patients().get(plan.patients().size() / 3);
        queries.add(new Query("patient-id", "Patient ID, exact", Map.of("PatientID", third.id()),
                uids(studies, s -> s.patient().id().equals(third.id())), null));

        String modality = studies.stream().anyMatch(s -> s.modalities().contains("MR")) ? "MR"
                : studies.get(0).modalities().get(0);
        queries.add(new Query("modality", "Modalities in Study", Map.of("ModalitiesInStudy", modality),
                uids(studies, s -> s.modalities().contains(modality)), null));

        Map<String, String> both = new LinkedHashMap<>();
        both.put("StudyDate", range);
        both.put("ModalitiesInStudy", modality);
        queries.add(new Query("date-range-modality", "Study Date range and Modalities in Study", both,
                uids(studies, s -> !s.date().isBefore(from) && !s.date().isAfter(to) && s.modalities().contains(modality)),
                null));
        return List.copyOf(queries);
    }

    private static Query personName(String id, String description, String pattern, List<Study> studies) {
        Pattern literal = wildcard(pattern);
        Pattern folded = wildcard(Names.fold(pattern));
        List<String> expected = uids(studies, s -> literal.matcher(s.patient().name()).matches());
        List<String> alt = uids(studies, s -> folded.matcher(Names.fold(s.patient().name())).matches());
        return new Query(id, description, Map.of("PatientName", pattern), expected, alt.equals(expected) ? null : alt);
    }

    /** A DICOM wildcard value as a regular expression over the whole value. */
    static Pattern wildcard(String value) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) re.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) re.append(Pattern.quote(literal.toString()));
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    private static List<String> uids(List<Study> studies, Predicate<Study> match) {
        List<String> r = new ArrayList<>();
        for (Study s : studies) if (match.test(s)) r.add(s.uid());
        return List.copyOf(r);
    }

    /** The family name with the most studies among those chosen; the first seen wins a tie. */
    private static String commonestFamily(List<Study> studies, Predicate<Study> among) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Study s : studies) if (among.test(s)) counts.merge(family(s.patient().name()), 1, Integer::sum);
        String best = null;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (best == null || e.getValue() > counts.get(best)) best = e.getKey();
        }
        return best;
    }

    private static Patient first(CorpusPlan plan, Predicate<Patient> p) {
        for (Patient patient : plan.patients()) if (p.test(patient)) return patient;
        return null;
    }

    static String family(String name) {
        int caret = name.indexOf('^');
        return caret < 0 ? name : name.substring(0, caret);
    }

    /** The first word after the family name: "VĂN" of "NGUYỄN^VĂN AN". */
    static String firstGiven(String name) {
        int caret = name.indexOf('^');
        if (caret < 0) return "";
        String given = name.substring(caret + 1);
        int space = given.indexOf(' ');
        int caret2 = given.indexOf('^');
        int end = given.length();
        if (space >= 0) end = Math.min(end, space);
        if (caret2 >= 0) end = Math.min(end, caret2);
        return given.substring(0, end);
    }
}
