package org.senpacs.dicom.net;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.io.DataSetReader;
import org.senpacs.dicom.io.DataSetWriter;
import org.senpacs.dicom.io.DicomStreamReader;
import org.senpacs.dicom.net.pdu.PresentationContext;

/** The service user's side of every DIMSE service, on an open association. */
public final class Scu {

    public static final int PRIORITY_MEDIUM = 0;

    private final Association as;

    public Scu(Association association) {
        this.as = association;
    }

    public Association association() {
        return as;
    }

    private long timeout() {
        return as.options().responseTimeout().toMillis();
    }

    private PresentationContext context(String sopClass) throws AssociationException {
        PresentationContext pc = as.contextFor(sopClass, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
        if (pc == null) throw new AssociationException("no accepted presentation context for " + sopClass);
        return pc;
    }

    private static DataSet command(Dimse dimse, String sopClass) {
        DataSet c = new DataSet(10);
        c.setString(dimse.usesRequestedUids() ? Tag.RequestedSOPClassUID : Tag.AffectedSOPClassUID, VR.UI, sopClass);
        c.setInt(Tag.CommandField, VR.US, dimse.commandField);
        return c;
    }

    // ---- C-ECHO

    public DimseResult echo() throws IOException {
        PresentationContext pc = context(UID.Verification);
        ResponseQueue q = new ResponseQueue(null);
        as.invoke(pc, command(Dimse.C_ECHO_RQ, UID.Verification), null, q);
        return q.last(timeout());
    }

    // ---- C-STORE

    /**
     * Stores a data set produced by {@code data} in {@code transferSyntax}, which must be the
     * accepted transfer syntax of a context for the SOP class.
     */
    public DimseResult store(String sopClass, String sopInstance, String transferSyntax, DataWriter data,
                             String moveOriginatorAET, int moveOriginatorMessageId) throws IOException {
        PresentationContext pc = as.contextFor(sopClass, transferSyntax);
        if (pc == null || !pc.transferSyntax().equals(transferSyntax)) {
            throw new AssociationException("no accepted context for " + sopClass + " in " + transferSyntax);
        }
        DataSet cmd = command(Dimse.C_STORE_RQ, sopClass);
        cmd.setString(Tag.AffectedSOPInstanceUID, VR.UI, sopInstance);
        cmd.setInt(Tag.Priority, VR.US, PRIORITY_MEDIUM);
        if (moveOriginatorAET != null) {
            cmd.setString(Tag.MoveOriginatorApplicationEntityTitle, VR.AE, moveOriginatorAET);
            cmd.setInt(Tag.MoveOriginatorMessageID, VR.US, moveOriginatorMessageId);
        }
        ResponseQueue q = new ResponseQueue(null);
        as.invoke(pc, cmd, data, q);
        return q.last(timeout());
    }

    /** Stores a data set in memory, in the best accepted transfer syntax for it. */
    public DimseResult store(DataSet ds) throws IOException {
        String sopClass = ds.getString(Tag.SOPClassUID);
        PresentationContext pc = as.contextFor(sopClass, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
        if (pc == null) throw new AssociationException("no accepted presentation context for " + sopClass);
        String ts = pc.transferSyntax();
        return store(sopClass, ds.getString(Tag.SOPInstanceUID), ts,
                (out, t) -> new DataSetWriter().writeDataSet(out, ds, TransferSyntax.of(t)), null, 0);
    }

    /**
     * Stores a Part 10 file: its bytes are sent as they are when its transfer syntax was accepted;
     * an uncompressed file goes in another accepted uncompressed syntax otherwise.
     */
    public DimseResult storeFile(Path file) throws IOException {
        String sopClass;
        String sopInstance;
        String fileTs;
        long offset;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 8192)) {
            DicomStreamReader r = new DicomStreamReader(in);
            DataSet meta = r.fileMetaInformation();
            if (meta == null) throw new IOException(file + ": not a Part 10 file (no File Meta Information)");
            sopClass = meta.getString(Tag.MediaStorageSOPClassUID);
            sopInstance = meta.getString(Tag.MediaStorageSOPInstanceUID);
            fileTs = r.transferSyntax().uid();
            offset = r.dataSetOffset();
        }
        if (sopClass == null || sopInstance == null) throw new IOException(file + ": no SOP class or instance in its meta information");
        PresentationContext exact = as.contextFor(sopClass, fileTs);
        if (exact != null && exact.transferSyntax().equals(fileTs)) {
            return store(sopClass, sopInstance, fileTs, (out, ts) -> {
                try (InputStream in = Files.newInputStream(file)) {
                    in.skipNBytes(offset);
                    in.transferTo(out);
                }
            }, null, 0);
        }
        if (TransferSyntax.of(fileTs).encapsulated()) {
            throw new AssociationException(file + ": " + fileTs + " not accepted for " + sopClass + " and no codec to convert it");
        }
        DataSet ds = new DataSetReader().read(file).dataSet();
        PresentationContext pc = as.contextFor(sopClass, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
        if (pc == null || TransferSyntax.of(pc.transferSyntax()).encapsulated()) {
            throw new AssociationException("no accepted uncompressed context for " + sopClass);
        }
        return store(sopClass, sopInstance, pc.transferSyntax(),
                (out, ts) -> new DataSetWriter().writeDataSet(out, ds, TransferSyntax.of(ts)), null, 0);
    }

    // ---- C-FIND

    /** Matches of a C-FIND, as they arrive; {@link #cancel()} sends C-CANCEL. */
    public final class FindResults implements Iterator<DataSet> {
        private final PresentationContext pc;
        private final ResponseQueue queue;
        private final int messageId;
        private DimseResult next;
        private DimseResult last;

        FindResults(PresentationContext pc, ResponseQueue queue, int messageId) {
            this.pc = pc;
            this.queue = queue;
            this.messageId = messageId;
        }

        @Override
        public boolean hasNext() {
            if (next != null) return true;
            if (last != null) return false;
            try {
                DimseResult r = queue.next(timeout());
                if (Status.isPending(r.status())) {
                    next = r;
                    return true;
                }
                last = r;
                return false;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public DataSet next() {
            if (!hasNext()) throw new NoSuchElementException();
            DataSet d = next.data();
            next = null;
            return d != null ? d : new DataSet(0);
        }

        /** The final response, once the matches are read. */
        public DimseResult finalResponse() {
            while (hasNext()) next();
            return last;
        }

        public void cancel() throws IOException {
            as.cancel(pc, messageId);
        }
    }

    public FindResults find(String sopClass, DataSet keys) throws IOException {
        PresentationContext pc = context(sopClass);
        DataSet cmd = command(Dimse.C_FIND_RQ, sopClass);
        cmd.setInt(Tag.Priority, VR.US, PRIORITY_MEDIUM);
        ResponseQueue q = new ResponseQueue(null);
        int id = as.invoke(pc, cmd, Association.writerOf(keys), q);
        return new FindResults(pc, q, id);
    }

    // ---- C-MOVE and C-GET

    /** C-MOVE to {@code destination}; {@code progress} sees each pending response. */
    public DimseResult move(String sopClass, String destination, DataSet keys, Consumer<DimseResult> progress) throws IOException {
        PresentationContext pc = context(sopClass);
        DataSet cmd = command(Dimse.C_MOVE_RQ, sopClass);
        cmd.setInt(Tag.Priority, VR.US, PRIORITY_MEDIUM);
        cmd.setString(Tag.MoveDestination, VR.AE, destination);
        ResponseQueue q = new ResponseQueue(progress != null ? progress : r -> { });
        as.invoke(pc, cmd, Association.writerOf(keys), q);
        return q.last(timeout());
    }

    /**
     * C-GET: the SCP sends the matching instances as C-STORE-RQs on this association, to the
     * storage handler of the association's {@link DicomServiceRegistry}.
     */
    public DimseResult get(String sopClass, DataSet keys, Consumer<DimseResult> progress) throws IOException {
        PresentationContext pc = context(sopClass);
        DataSet cmd = command(Dimse.C_GET_RQ, sopClass);
        cmd.setInt(Tag.Priority, VR.US, PRIORITY_MEDIUM);
        ResponseQueue q = new ResponseQueue(progress != null ? progress : r -> { });
        as.invoke(pc, cmd, Association.writerOf(keys), q);
        return q.last(timeout());
    }

    // ---- N-services

    private DimseResult normalized(Dimse dimse, String sopClass, String sopInstance, DataSet extra, DataSet data) throws IOException {
        PresentationContext pc = context(sopClass);
        DataSet cmd = command(dimse, sopClass);
        if (sopInstance != null) {
            cmd.setString(dimse.usesRequestedUids() ? Tag.RequestedSOPInstanceUID : Tag.AffectedSOPInstanceUID, VR.UI, sopInstance);
        }
        if (extra != null) cmd.addAll(extra);
        ResponseQueue q = new ResponseQueue(null);
        as.invoke(pc, cmd, data == null ? null : Association.writerOf(data), q);
        return q.last(timeout());
    }

    /** N-CREATE; {@code sopInstance} may be null for the SCP to assign one. */
    public DimseResult nCreate(String sopClass, String sopInstance, DataSet attributes) throws IOException {
        return normalized(Dimse.N_CREATE_RQ, sopClass, sopInstance, null, attributes);
    }

    public DimseResult nSet(String sopClass, String sopInstance, DataSet modifications) throws IOException {
        return normalized(Dimse.N_SET_RQ, sopClass, sopInstance, null, modifications);
    }

    public DimseResult nGet(String sopClass, String sopInstance, int... attributeTags) throws IOException {
        DataSet extra = null;
        if (attributeTags.length > 0) {
            extra = new DataSet(1);
            extra.setInt(Tag.AttributeIdentifierList, VR.AT, attributeTags);
        }
        return normalized(Dimse.N_GET_RQ, sopClass, sopInstance, extra, null);
    }

    public DimseResult nAction(String sopClass, String sopInstance, int actionTypeId, DataSet information) throws IOException {
        DataSet extra = new DataSet(1);
        extra.setInt(Tag.ActionTypeID, VR.US, actionTypeId);
        return normalized(Dimse.N_ACTION_RQ, sopClass, sopInstance, extra, information);
    }

    public DimseResult nEventReport(String sopClass, String sopInstance, int eventTypeId, DataSet information) throws IOException {
        DataSet extra = new DataSet(1);
        extra.setInt(Tag.EventTypeID, VR.US, eventTypeId);
        return normalized(Dimse.N_EVENT_REPORT_RQ, sopClass, sopInstance, extra, information);
    }

    public DimseResult nDelete(String sopClass, String sopInstance) throws IOException {
        return normalized(Dimse.N_DELETE_RQ, sopClass, sopInstance, null, null);
    }
}
