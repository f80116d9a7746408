package org.senpacs.dicom.net;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.io.DataSetReader;
import org.senpacs.dicom.net.pdu.PresentationContext;

/**
 * An incoming DIMSE request, as a handler sees it: the command, the presentation context, the data
 * set (a live stream for C-STORE, read for the rest), and the way to answer.
 */
public final class DimseRequest {

    private final Association association;
    private final PresentationContext context;
    private final Dimse dimse;
    private final DataSet command;
    private InputStream dataStream;
    private byte[] dataBytes;
    private DataSet dataSet;
    private volatile boolean canceled;
    private volatile boolean responded;

    DimseRequest(Association association, PresentationContext context, Dimse dimse, DataSet command) {
        this.association = association;
        this.context = context;
        this.dimse = dimse;
        this.command = command;
    }

    public Association association() {
        return association;
    }

    public PresentationContext presentationContext() {
        return context;
    }

    public String transferSyntax() {
        return context.transferSyntax();
    }

    public Dimse dimse() {
        return dimse;
    }

    public DataSet command() {
        return command;
    }

    public int messageId() {
        return command.getInt(Tag.MessageID, 0);
    }

    /** The SOP class of the request: Affected or Requested SOP Class UID. */
    public String sopClassUid() {
        String uid = command.getString(dimse.usesRequestedUids() ? Tag.RequestedSOPClassUID : Tag.AffectedSOPClassUID);
        return uid != null ? uid : context.abstractSyntax();
    }

    public String sopInstanceUid() {
        return command.getString(dimse.usesRequestedUids() ? Tag.RequestedSOPInstanceUID : Tag.AffectedSOPInstanceUID);
    }

    public boolean hasDataSet() {
        return dataStream != null || dataBytes != null;
    }

    /**
     * The data set as a stream of bytes in {@link #transferSyntax()}: for C-STORE the PDVs as they
     * arrive (read it once, to its end, or leave the rest to be skipped). It ends (-1) only when the
     * whole data set arrived; one cut short (A-ABORT, lost connection) ends in an IOException, and
     * the request is then not answered: keep nothing of it.
     */
    public InputStream dataStream() {
        if (dataStream != null) return dataStream;
        return dataBytes == null ? null : new ByteArrayInputStream(dataBytes);
    }

    /** The data set, parsed (for C-STORE this reads the whole stream into memory: prefer {@link #dataStream()}). */
    public DataSet dataSet() throws IOException {
        if (dataSet == null && hasDataSet()) {
            dataSet = new DataSetReader().read(dataStream(), TransferSyntax.of(transferSyntax()));
        }
        return dataSet;
    }

    void setDataStream(InputStream in) {
        this.dataStream = in;
    }

    void setDataBytes(byte[] bytes) {
        this.dataBytes = bytes;
    }

    /** True once the requestor sent C-CANCEL-RQ for this request. */
    public boolean isCanceled() {
        return canceled;
    }

    void cancel() {
        canceled = true;
    }

    public boolean responded() {
        return responded;
    }

    /** Sends a response without data set. */
    public void respond(int status) throws IOException {
        respond(status, null, null);
    }

    /**
     * Sends a response. Pending statuses may be sent many times; the first other status is final.
     *
     * @param extra more command elements (counts of sub-operations, Error Comment, ...), or null
     * @param data the response's data set (C-FIND match, N-GET attributes, ...), or null
     */
    public void respond(int status, DataSet extra, DataSet data) throws IOException {
        if (responded) throw new IllegalStateException("final response already sent for message " + messageId());
        DataSet rsp = new DataSet(12);
        Dimse rspType = dimse.response();
        String sopClass = sopClassUid();
        if (sopClass != null) rsp.setString(Tag.AffectedSOPClassUID, VR.UI, sopClass);
        rsp.setInt(Tag.CommandField, VR.US, rspType.commandField);
        rsp.setInt(Tag.MessageIDBeingRespondedTo, VR.US, messageId());
        rsp.setInt(Tag.Status, VR.US, status);
        String sopInstance = sopInstanceUid();
        if (sopInstance != null && dimse != Dimse.C_FIND_RQ && dimse != Dimse.C_MOVE_RQ && dimse != Dimse.C_GET_RQ) {
            rsp.setString(Tag.AffectedSOPInstanceUID, VR.UI, sopInstance);
        }
        if (extra != null) rsp.addAll(extra);
        if (!Status.isPending(status)) responded = true;
        association.writeMessage(context.id(), rsp, data == null ? null : Association.writerOf(data));
    }

    /** Sends the final response of a {@link DicomServiceException}. */
    void respond(DicomServiceException e) throws IOException {
        DataSet extra = e.responseAttributes() != null ? e.responseAttributes().copy() : new DataSet(2);
        if (e.getMessage() != null) {
            String comment = e.getMessage();
            extra.setString(Tag.ErrorComment, VR.LO, comment.length() > 64 ? comment.substring(0, 64) : comment);
        }
        respond(e.status(), extra, null);
    }

    @Override
    public String toString() {
        return dimse.standardName() + "[id=" + messageId() + ", " + sopClassUid() + "]";
    }
}
