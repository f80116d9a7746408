package org.senpacs.archive.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive's listeners and the firing of events to them. Services that change the index fire
 * after their transaction commits; a listener that fails is logged and the others still hear.
 */
public final class ArchiveEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveEvents.class);

    private final List<ArchiveListener> listeners = new CopyOnWriteArrayList<>();

    public void addListener(ArchiveListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener));
    }

    public void removeListener(ArchiveListener listener) {
        listeners.remove(listener);
    }

    public void fireInstanceStored(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid) {
        for (ArchiveListener l : listeners) {
            try {
                l.instanceStored(studyInstanceUid, seriesInstanceUid, sopInstanceUid);
            } catch (RuntimeException e) {
                LOG.warn("SEN-A901 listener {} failed on a stored instance: {}", l.getClass().getName(), e.toString());
            }
        }
    }

    public void fireStudyChanged(String studyInstanceUid) {
        for (ArchiveListener l : listeners) {
            try {
                l.studyChanged(studyInstanceUid);
            } catch (RuntimeException e) {
                LOG.warn("SEN-A902 listener {} failed on a changed study: {}", l.getClass().getName(), e.toString());
            }
        }
    }
}
