package org.senpacs.dicom.net;

import java.io.IOException;
import org.senpacs.dicom.net.pdu.Pdu;

/** An association could not be used: rejected, aborted, or closed under an operation. */
public class AssociationException extends IOException {

    private final transient Pdu reason;

    public AssociationException(String message) {
        this(message, null);
    }

    public AssociationException(String message, Pdu reason) {
        super(message);
        this.reason = reason;
    }

    /** The A-ASSOCIATE-RJ or A-ABORT behind this, or null. */
    public Pdu reason() {
        return reason;
    }
}
