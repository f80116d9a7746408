package org.senpacs.ris.report;

/** A report that cannot be saved or found as asked; carries the HTTP status it answers with. */
public final class ReportException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why, with its HTTP status. */
    public enum Reason {
        /** No such order or report (404). */
        NOT_FOUND(404),
        /** The change is based on another version than the current one (409). */
        CONFLICT(409),
        /** The request breaks a rule of reports (422). */
        INVALID(422);

        public final int httpStatus;

        Reason(int httpStatus) {
            this.httpStatus = httpStatus;
        }
    }

    private final Reason reason;

    public ReportException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
