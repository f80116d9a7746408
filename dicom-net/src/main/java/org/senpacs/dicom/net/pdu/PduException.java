package org.senpacs.dicom.net.pdu;

import java.io.IOException;

/** A malformed or unexpected PDU: carries the A-ABORT reason to answer it with. */
public final class PduException extends IOException {

    private final int abortReason;

    public PduException(String message, int abortReason) {
        super(message);
        this.abortReason = abortReason;
    }

    public int abortReason() {
        return abortReason;
    }
}
