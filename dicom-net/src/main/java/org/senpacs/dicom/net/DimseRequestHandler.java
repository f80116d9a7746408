package org.senpacs.dicom.net;

import java.io.IOException;

/**
 * Answers incoming DIMSE requests of one kind: the protocol asks, the handler (policy) answers.
 * Respond through {@link DimseRequest#respond}; returning without a final response sends Success,
 * and a {@link DicomServiceException} becomes a response with its status and error comment.
 */
@FunctionalInterface
public interface DimseRequestHandler {
    void onRequest(DimseRequest request) throws IOException, DicomServiceException;
}
