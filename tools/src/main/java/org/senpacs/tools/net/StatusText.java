package org.senpacs.tools.net;

import org.senpacs.dicom.net.DimseResult;
import org.senpacs.dicom.net.Status;

/** DIMSE statuses for people: the code and its category (PS3.7 Annex C), with the peer's Error Comment. */
final class StatusText {

    private StatusText() {}

    static String category(int status) {
        if (Status.isSuccess(status)) return "Success";
        if (Status.isPending(status)) return "Pending";
        if (status == Status.CANCEL) return "Cancel";
        if (Status.isWarning(status)) return "Warning";
        return "Failure";
    }

    /** "0xA700 Failure", or "0xA700 Failure: disk full" when the peer sent an Error Comment. */
    static String of(DimseResult r) {
        String s = Status.toString(r.status()) + " " + category(r.status());
        String comment = r.errorComment();
        return comment == null || comment.isBlank() ? s : s + ": " + comment.trim();
    }
}
