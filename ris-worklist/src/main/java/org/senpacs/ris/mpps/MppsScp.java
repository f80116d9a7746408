package org.senpacs.ris.mpps;

import java.io.IOException;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.net.DicomServiceException;
import org.senpacs.dicom.net.DicomServiceRegistry;
import org.senpacs.dicom.net.Dimse;
import org.senpacs.dicom.net.DimseRequest;
import org.senpacs.dicom.net.DimseRequestHandler;
import org.senpacs.dicom.net.Status;

/**
 * N-CREATE and N-SET SCP of the Modality Performed Procedure Step SOP Class
 * (1.2.840.10008.3.1.2.3.3): a thin adapter to the {@link MppsService}.
 */
public final class MppsScp implements DimseRequestHandler {

    private final MppsService mpps;

    public MppsScp(MppsService mpps) {
        this.mpps = mpps;
    }

    /** Registers this SCP for N-CREATE and N-SET of the MPPS SOP Class. */
    public void register(DicomServiceRegistry registry) {
        registry.register(Dimse.N_CREATE_RQ, UID.ModalityPerformedProcedureStep, this);
        registry.register(Dimse.N_SET_RQ, UID.ModalityPerformedProcedureStep, this);
    }

    @Override
    public void onRequest(DimseRequest rq) throws IOException, DicomServiceException {
        DataSet attrs = rq.dataSet();
        switch (rq.dimse()) {
            case N_CREATE_RQ -> {
                String given = rq.sopInstanceUid();
                String uid = mpps.create(rq.association().callingAETitle(), given, attrs);
                DataSet extra = null;
                if (given == null) {
                    extra = new DataSet(1);
                    extra.setString(Tag.AffectedSOPInstanceUID, VR.UI, uid);
                }
                rq.respond(Status.SUCCESS, extra, null);
            }
            case N_SET_RQ -> {
                if (rq.sopInstanceUid() == null) throw new DicomServiceException(Status.MISSING_ATTRIBUTE, "no Requested SOP Instance UID");
                mpps.set(rq.sopInstanceUid(), attrs);
                rq.respond(Status.SUCCESS);
            }
            default -> throw new DicomServiceException(Status.UNRECOGNIZED_OPERATION, rq.dimse().standardName() + " not supported");
        }
    }
}
