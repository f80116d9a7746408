package org.senpacs.archive.events;

/**
 * Told what changed in the archive, after the change is committed to the index (caches, viewers,
 * forwarding rules). Called on the thread that made the change: an implementation returns
 * quickly and never throws (what it throws is logged and dropped; the change stands).
 */
public interface ArchiveListener {

    /** An instance was stored (new, or replacing one with the same SOP Instance UID). */
    default void instanceStored(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid) {}

    /**
     * Something of the study changed other than a stored instance: its patient or study
     * attributes were updated, instances were deleted or moved, or the whole study was deleted.
     */
    default void studyChanged(String studyInstanceUid) {}
}
