package org.senpacs.archive.scp;

import java.io.IOException;
import java.util.List;
import org.senpacs.archive.ArchiveError;
import org.senpacs.archive.ArchiveException;
import org.senpacs.archive.RemoteAe;
import org.senpacs.archive.RemoteAes;
import org.senpacs.archive.index.Levels.Level;
import org.senpacs.archive.retrieve.RetrieveService;
import org.senpacs.archive.retrieve.RetrieveService.Item;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.net.Association;
import org.senpacs.dicom.net.AssociationOptions;
import org.senpacs.dicom.net.Connector;
import org.senpacs.dicom.net.DicomServiceException;
import org.senpacs.dicom.net.Dimse;
import org.senpacs.dicom.net.DimseRequest;
import org.senpacs.dicom.net.DimseRequestHandler;
import org.senpacs.dicom.net.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * C-MOVE SCP (to a known destination AE, on a new association) and C-GET SCP (on the requestor's
 * association): thin adapters to the {@link RetrieveService} with pending counts, cancel and the
 * failed instance list.
 */
public final class RetrieveScp implements DimseRequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RetrieveScp.class);

    private final RetrieveService retrieve;
    private final RemoteAes remoteAes;
    private final AssociationOptions options;

    public RetrieveScp(RetrieveService retrieve, RemoteAes remoteAes, AssociationOptions options) {
        this.retrieve = retrieve;
        this.remoteAes = remoteAes;
        this.options = options;
    }

    @Override
    public void onRequest(DimseRequest rq) throws IOException, DicomServiceException {
        DataSet keys = rq.dataSet();
        if (keys == null) throw new DicomServiceException(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, "no identifier");
        Level level = FindScp.level(keys, rq.sopClassUid());
        List<Item> items;
        try {
            items = retrieve.locate(level, keys);
        } catch (ArchiveException e) {
            throw new DicomServiceException(e.error().dimseStatus, e.getMessage());
        }
        SubOperations.Counts done;
        if (rq.dimse() == Dimse.C_MOVE_RQ) {
            String dest = rq.command().getString(Tag.MoveDestination);
            RemoteAe ae = remoteAes.find(dest == null ? "" : dest).orElseThrow(() -> new DicomServiceException(
                    ArchiveError.UNKNOWN_DESTINATION.dimseStatus, "unknown move destination " + dest));
            if (items.isEmpty()) {
                rq.respond(Status.SUCCESS, new SubOperations.Counts(-1, 0, 0, 0, List.of(), false).command(), null);
                return;
            }
            LOG.info("SEN-A203 C-MOVE of {} instances from {} to {}", items.size(), rq.association().callingAETitle(), dest);
            Association out;
            try {
                out = new Connector(options, null).connect(ae.host(), ae.port(),
                        SubOperations.request(rq.association().calledAETitle(), dest, items), null);
            } catch (IOException e) {
                throw new DicomServiceException(Status.OUT_OF_RESOURCES_UNABLE_TO_PERFORM_SUB_OPERATIONS,
                        "cannot connect to " + dest + ": " + e.getMessage());
            }
            try {
                done = SubOperations.send(out, items, retrieve, rq.association().callingAETitle(), rq.messageId(),
                        rq::isCanceled, c -> pending(rq, c));
            } finally {
                out.release();
            }
        } else {
            done = SubOperations.send(rq.association(), items, retrieve, null, 0, rq::isCanceled, c -> pending(rq, c));
        }
        rq.respond(done.finalStatus(), done.command(), done.data());
    }

    private static void pending(DimseRequest rq, SubOperations.Counts c) {
        try {
            rq.respond(Status.PENDING, c.command(), null);
        } catch (IOException e) {
            LOG.debug("pending response not sent", e);
        }
    }
}
