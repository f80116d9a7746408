package org.senpacs.dicom.net;

import java.io.IOException;
import java.io.OutputStream;

/** Writes the data set of an outgoing DIMSE message in the presentation context's transfer syntax. */
@FunctionalInterface
public interface DataWriter {
    void writeTo(OutputStream out, String transferSyntax) throws IOException;
}
