package org.senpacs.ris.mwl;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.senpacs.archive.ArchiveException;
import org.senpacs.archive.scp.FindScp;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.net.DicomServiceException;
import org.senpacs.dicom.net.DicomServiceRegistry;
import org.senpacs.dicom.net.Dimse;
import org.senpacs.dicom.net.DimseRequest;
import org.senpacs.dicom.net.DimseRequestHandler;
import org.senpacs.dicom.net.Status;

/**
 * C-FIND SCP of the Modality Worklist Information Model (1.2.840.10008.5.1.4.31): a thin adapter
 * to the {@link WorklistService}. Each item goes as a pending response (0xFF01 when a key with a
 * value is not matched on); C-CANCEL ends the answer with Cancel after the response in flight.
 * When more items match than the worklist's {@code max-results}, the first ones are sent and the
 * final status is Refused: Out of Resources (A700), with the limit in the Error Comment.
 */
public final class MwlScp implements DimseRequestHandler {

    private final WorklistService worklist;

    public MwlScp(WorklistService worklist) {
        this.worklist = worklist;
    }

    /** Registers this SCP for C-FIND in the Modality Worklist model. */
    public void register(DicomServiceRegistry registry) {
        registry.register(Dimse.C_FIND_RQ, UID.ModalityWorklistInformationModelFind, this);
    }

    @Override
    public void onRequest(DimseRequest rq) throws IOException, DicomServiceException {
        DataSet keys = rq.dataSet();
        if (keys == null) throw new DicomServiceException(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, "no identifier");
        int pending = WorklistService.hasUnsupportedKeys(keys) ? Status.PENDING_WARNING : Status.PENDING;
        WorklistService.Outcome outcome;
        try {
            outcome = worklist.query(keys, false, match -> {
                if (rq.isCanceled()) return false;
                try {
                    rq.respond(pending, null, match);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return true;
            });
        } catch (ArchiveException e) {
            throw new DicomServiceException(e.error().dimseStatus, e.getMessage());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        FindScp.finish(rq, outcome.matches(), outcome.truncated(), "worklist items");
    }
}
