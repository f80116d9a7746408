package org.senpacs.tools.net;

import java.io.PrintWriter;
import java.util.Locale;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.net.DimseResult;
import org.senpacs.dicom.net.Status;

/** What move and get print of a retrieve's responses: pending counts as they come, the final counts, the verdict. */
final class RetrieveReport {

    private RetrieveReport() {}

    static void pending(PrintWriter err, String tool, DimseResult p) {
        err.printf(Locale.ROOT, "sen %s: remaining %d, completed %d, failed %d, warning %d%n", tool, p.remaining(),
                p.completed(), p.failed(), p.warning());
    }

    static String counts(DimseResult r) {
        return String.format(Locale.ROOT, "completed %d, failed %d, warning %d", r.completed(), r.failed(), r.warning());
    }

    /** The Failed SOP Instance UID List of a final response, or null. */
    static String failedInstances(DimseResult r) {
        if (r.data() == null) return null;
        String[] uids = r.data().getStrings(Tag.FailedSOPInstanceUIDList);
        return uids == null || uids.length == 0 ? null : String.join(", ", uids);
    }

    /** A retrieve succeeded when its final status is not a failure and no sub-operation failed. */
    static boolean succeeded(DimseResult r) {
        return !Status.isFailure(r.status()) && r.status() != Status.CANCEL && r.failed() == 0;
    }
}
