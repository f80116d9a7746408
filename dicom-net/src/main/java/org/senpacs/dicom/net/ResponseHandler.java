package org.senpacs.dicom.net;

import java.io.IOException;
import org.senpacs.dicom.DataSet;

/** Receives the responses to one request sent on an association (pending ones, then the final one). */
public interface ResponseHandler {

    /** A response arrived; {@code data} is its data set or null. Called on the association's reader thread. */
    void onResponse(DataSet command, DataSet data);

    /** The association closed before the final response. */
    void onClose(IOException cause);
}
