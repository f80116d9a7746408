package org.senpacs.archive.scp;

import java.io.IOException;
import org.senpacs.archive.ArchiveException;
import org.senpacs.archive.RequestOrigin;
import org.senpacs.archive.store.StoreService;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.net.Association;
import org.senpacs.dicom.net.DicomServiceException;
import org.senpacs.dicom.net.DimseRequest;
import org.senpacs.dicom.net.DimseRequestHandler;
import org.senpacs.dicom.net.Status;

/** C-STORE SCP: a thin adapter from DIMSE to the {@link StoreService}. */
public final class StoreScp implements DimseRequestHandler {

    private final StoreService store;

    public StoreScp(StoreService store) {
        this.store = store;
    }

    static RequestOrigin origin(Association as) {
        return RequestOrigin.dicom(as.callingAETitle(), as.calledAETitle(), String.valueOf(as.remoteAddress()));
    }

    @Override
    public void onRequest(DimseRequest rq) throws IOException, DicomServiceException {
        StoreService.StoreResult r;
        try {
            r = store.store(origin(rq.association()), rq.sopClassUid(), rq.sopInstanceUid(), rq.transferSyntax(), rq.dataStream());
        } catch (ArchiveException e) {
            throw new DicomServiceException(e.error().dimseStatus, e.getMessage());
        }
        if (r.warning() != null) {
            DataSet extra = new DataSet(1);
            extra.setString(Tag.ErrorComment, VR.LO, r.warning().length() > 64 ? r.warning().substring(0, 64) : r.warning());
            rq.respond(Status.SUCCESS, extra, null);
        }
    }
}
