package org.senpacs.archive;

/**
 * How the archive treats what it receives.
 *
 * @param duplicates a SOP instance that is already stored: keep the stored one (and answer
 *     success), replace it, or reject the new one
 * @param patientUpdates when a new object has other patient attributes (name, birth date, sex)
 *     for a known Patient ID: keep the index as it is, or update it
 * @param defaultCharacterSet the Specific Character Set assumed for objects that have none but
 *     carry non-ASCII text (devices that send UTF-8 without saying so), e.g. "ISO_IR 192"; null
 *     leaves such text as received
 * @param fuzzyNames person names match case- and accent-insensitively ("nguyen*" finds "NGUYỄN^VĂN AN")
 * @param maxQueryResults a C-FIND or QIDO-RS query returns at most this many matches
 */
public record ArchivePolicy(Duplicates duplicates, PatientUpdates patientUpdates, String defaultCharacterSet,
                            boolean fuzzyNames, int maxQueryResults) {

    public enum Duplicates { KEEP, REPLACE, REJECT }

    public enum PatientUpdates { KEEP, UPDATE }

    public static final ArchivePolicy DEFAULT = new ArchivePolicy(Duplicates.KEEP, PatientUpdates.UPDATE, "ISO_IR 192", true, 10_000);

    public ArchivePolicy withMaxQueryResults(int max) {
        return new ArchivePolicy(duplicates, patientUpdates, defaultCharacterSet, fuzzyNames, max);
    }
}
