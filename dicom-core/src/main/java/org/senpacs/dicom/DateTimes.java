package org.senpacs.dicom;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;

/**
 * Parsing and formatting of the DA, TM, DT, AS and DS value formats of PS3.5 §6.2. Partial values
 * (a DT of "2024" or a TM of "10") are completed with their earliest moment. The pre-3.0 forms
 * "YYYY.MM.DD" and "HH:MM:SS" are accepted on input.
 */
public final class DateTimes {

    private DateTimes() {}

    public static LocalDate parseDate(String s) {
        String t = s.trim();
        if (t.length() == 10 && t.charAt(4) == '.' && t.charAt(7) == '.') {
            t = t.substring(0, 4) + t.substring(5, 7) + t.substring(8);
        }
        if (t.length() != 8) throw new DateTimeException("not a DA value: " + s);
        return LocalDate.of(digits(t, 0, 4), digits(t, 4, 6), digits(t, 6, 8));
    }

    public static LocalTime parseTime(String s) {
        String t = s.trim();
        if (t.indexOf(':') >= 0) t = t.replace(":", "");
        int n = t.length();
        if (n < 2) throw new DateTimeException("not a TM value: " + s);
        int hour = digits(t, 0, 2);
        int minute = n >= 4 ? digits(t, 2, 4) : 0;
        int second = n >= 6 ? digits(t, 4, 6) : 0;
        int nanos = 0;
        if (n > 6) {
            if (t.charAt(6) != '.' || n == 7 || n > 13) throw new DateTimeException("not a TM value: " + s);
            String frac = t.substring(7);
            nanos = digits(frac, 0, frac.length());
            for (int i = frac.length(); i < 9; i++) nanos *= 10;
        }
        if (second == 60) second = 59; // leap second
        return LocalTime.of(hour, minute, second, nanos);
    }

    /** A DT value: OffsetDateTime when it has a suffix &amp;ZZXX, else LocalDateTime. */
    public static Temporal parseDateTime(String s) {
        String t = s.trim();
        ZoneOffset offset = null;
        int sign = Math.max(t.indexOf('+'), t.indexOf('-'));
        if (sign > 0) {
            String z = t.substring(sign);
            if (z.length() != 5) throw new DateTimeException("not a DT offset: " + s);
            int h = digits(z, 1, 3);
            int m = digits(z, 3, 5);
            offset = ZoneOffset.ofHoursMinutes(z.charAt(0) == '-' ? -h : h, z.charAt(0) == '-' ? -m : m);
            t = t.substring(0, sign);
        }
        int n = t.length();
        if (n < 4) throw new DateTimeException("not a DT value: " + s);
        int year = digits(t, 0, 4);
        int month = n >= 6 ? digits(t, 4, 6) : 1;
        int day = n >= 8 ? digits(t, 6, 8) : 1;
        LocalTime time = n > 8 ? parseTime(t.substring(8)) : LocalTime.MIDNIGHT;
        LocalDateTime ldt = LocalDateTime.of(LocalDate.of(year, month, day), time);
        return offset == null ? ldt : OffsetDateTime.of(ldt, offset);
    }

    /** An AS value: nnnD, nnnW, nnnM or nnnY. */
    public static Period parseAge(String s) {
        String t = s.trim();
        if (t.length() != 4) throw new DateTimeException("not an AS value: " + s);
        int n = digits(t, 0, 3);
        return switch (t.charAt(3)) {
            case 'D' -> Period.ofDays(n);
            case 'W' -> Period.ofWeeks(n);
            case 'M' -> Period.ofMonths(n);
            case 'Y' -> Period.ofYears(n);
            default -> throw new DateTimeException("not an AS value: " + s);
        };
    }

    public static String formatDate(LocalDate d) {
        return String.format("%04d%02d%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    }

    public static String formatTime(LocalTime t) {
        String s = String.format("%02d%02d%02d", t.getHour(), t.getMinute(), t.getSecond());
        int micros = t.getNano() / 1000;
        return micros == 0 ? s : s + String.format(".%06d", micros);
    }

    public static String formatDateTime(Temporal t) {
        if (t instanceof OffsetDateTime o) {
            int secs = o.getOffset().getTotalSeconds();
            int abs = Math.abs(secs) / 60;
            return formatDate(o.toLocalDate()) + formatTime(o.toLocalTime())
                    + String.format("%c%02d%02d", secs < 0 ? '-' : '+', abs / 60, abs % 60);
        }
        LocalDateTime l = (LocalDateTime) t;
        return formatDate(l.toLocalDate()) + formatTime(l.toLocalTime());
    }

    /** A DS value: at most 16 characters, no exponent when it fits. */
    public static String formatDecimal(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        String s = new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
        if (s.length() <= 16) return s;
        for (int digits = 15; digits > 0; digits--) {
            s = String.format("%." + digits + "G", v).replace("E+", "E");
            if (s.indexOf('E') < 0 && s.indexOf('.') >= 0) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            if (s.length() <= 16) return s;
        }
        return s;
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw new DateTimeException("not a digit in '" + s + "'");
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
