package org.senpacs.dicom.io;

/**
 * How {@link DataSetReader} reads.
 *
 * @param stopBefore stop at the first top-level element whose tag is at or after this one (unsigned
 *     order), leaving it unread; {@code 0xFFFFFFFF} reads everything. Use {@code Tag.PixelData} to
 *     read headers only.
 * @param bulkData what to do with bulk values (OB, OW, OF, OD, OL, OV, UN and pixel data fragments)
 *     of at least {@code bulkDataThreshold} bytes
 * @param bulkDataThreshold the size from which a value counts as bulk data
 * @param maxValueLength the longest value held in memory; a longer one is an error (a guard
 *     against lying length fields)
 */
public record ReadOptions(int stopBefore, BulkDataPolicy bulkData, long bulkDataThreshold, long maxValueLength) {

    public enum BulkDataPolicy {
        /** Read into memory. */
        INLINE,
        /** Keep a {@link org.senpacs.dicom.BulkData} reference into the source file (inline when there is no file). */
        REFERENCE,
        /** Leave out. */
        SKIP
    }

    public static final int READ_ALL = 0xFFFFFFFF;

    public static final ReadOptions DEFAULT = new ReadOptions(READ_ALL, BulkDataPolicy.INLINE, 0, 1L << 30);

    /** Headers only: stop before Pixel Data, reference other large values. */
    public static final ReadOptions HEADERS = new ReadOptions(0x7FE00010, BulkDataPolicy.REFERENCE, 1024, 1L << 30);

    public ReadOptions withStopBefore(int tag) {
        return new ReadOptions(tag, bulkData, bulkDataThreshold, maxValueLength);
    }

    public ReadOptions withBulkData(BulkDataPolicy policy, long threshold) {
        return new ReadOptions(stopBefore, policy, threshold, maxValueLength);
    }

    public ReadOptions withMaxValueLength(long max) {
        return new ReadOptions(stopBefore, bulkData, bulkDataThreshold, max);
    }
}
