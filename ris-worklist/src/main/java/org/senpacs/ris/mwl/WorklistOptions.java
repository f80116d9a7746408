package org.senpacs.ris.mwl;

/**
 * How the Modality Worklist answers.
 *
 * @param maxResults a query returns at most this many items (the first ones by scheduled start)
 * @param includeInProgress list orders whose procedure step has started (MPPS IN PROGRESS) as well
 *     as scheduled ones, with Scheduled Procedure Step Status {@code STARTED}: a console that restarts
 *     mid-exam, or a second modality of the same exam, still finds the item. Completed, discontinued
 *     and cancelled orders are never listed.
 * @param fuzzyNames Patient's Name matches without regard to case and diacritics, like the archive
 */
public record WorklistOptions(int maxResults, boolean includeInProgress, boolean fuzzyNames) {

    public WorklistOptions {
        if (maxResults < 1) throw new IllegalArgumentException("maxResults must be positive: " + maxResults);
    }

    public static final WorklistOptions DEFAULT = new WorklistOptions(1000, true, true);
}
