package org.senpacs.archive.scp;

import java.io.IOException;
import java.util.Optional;
import org.senpacs.archive.RemoteAe;
import org.senpacs.archive.RemoteAes;
import org.senpacs.archive.db.Database;
import org.senpacs.archive.verify.VerifyService;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.net.Association;
import org.senpacs.dicom.net.AssociationOptions;
import org.senpacs.dicom.net.AssociationRequest;
import org.senpacs.dicom.net.Connector;
import org.senpacs.dicom.net.DicomServiceException;
import org.senpacs.dicom.net.DimseRequest;
import org.senpacs.dicom.net.DimseRequestHandler;
import org.senpacs.dicom.net.DimseResult;
import org.senpacs.dicom.net.Scu;
import org.senpacs.dicom.net.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage Commitment Push Model SCP (PS3.4 Annex J): N-ACTION asks us to commit to instances; each
 * is checked (indexed, file present, size and checksum as recorded) and the result goes back as an
 * N-EVENT-REPORT, on the same association while it is open, else on a new one to the requestor.
 */
public final class StorageCommitmentScp implements DimseRequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StorageCommitmentScp.class);

    static final int EVENT_ALL_SUCCESS = 1;
    static final int EVENT_FAILURES = 2;

    private final Database db;
    private final VerifyService verify;
    private final RemoteAes remoteAes;

    public StorageCommitmentScp(Database db, VerifyService verify, RemoteAes remoteAes) {
        this.db = db;
        this.verify = verify;
        this.remoteAes = remoteAes;
    }

    @Override
    public void onRequest(DimseRequest rq) throws IOException, DicomServiceException {
        if (rq.command().getInt(Tag.ActionTypeID, 0) != 1) throw new DicomServiceException(Status.NO_SUCH_ACTION_TYPE, "action type must be 1");
        DataSet info = rq.dataSet();
        String txUid = info == null ? null : info.getString(Tag.TransactionUID);
        Sequence refs = info == null ? null : info.getSequence(Tag.ReferencedSOPSequence);
        if (txUid == null || refs == null) {
            throw new DicomServiceException(Status.MISSING_ATTRIBUTE, "Transaction UID and Referenced SOP Sequence required");
        }
        DataSet report = new DataSet();
        report.setString(Tag.TransactionUID, VR.UI, txUid);
        Sequence ok = report.newSequence(Tag.ReferencedSOPSequence, refs.size());
        Sequence failed = null;
        for (DataSet ref : refs) {
            String cls = ref.getString(Tag.ReferencedSOPClassUID);
            String uid = ref.getString(Tag.ReferencedSOPInstanceUID);
            int reason = check(cls, uid);
            DataSet item;
            if (reason == 0) {
                item = ok.addItem();
            } else {
                if (failed == null) failed = report.newSequence(Tag.FailedSOPSequence, 4);
                item = failed.addItem();
                item.setInt(Tag.FailureReason, VR.US, reason);
            }
            item.setString(Tag.ReferencedSOPClassUID, VR.UI, cls == null ? "" : cls);
            item.setString(Tag.ReferencedSOPInstanceUID, VR.UI, uid == null ? "" : uid);
        }
        if (ok.isEmpty()) report.remove(Tag.ReferencedSOPSequence);
        report.setString(Tag.RetrieveAETitle, VR.AE, rq.association().calledAETitle());
        rq.respond(Status.SUCCESS);
        int event = failed == null ? EVENT_ALL_SUCCESS : EVENT_FAILURES;
        Association as = rq.association();
        // Report from another thread: the N-ACTION response must go out before the event report.
        Thread.ofVirtual().name("stgcmt-report").start(() -> report(as, event, report));
    }

    /** 0 when committed, else the Failure Reason of PS3.4 J.3.2.1.3. */
    private int check(String cls, String uid) {
        if (uid == null || cls == null) return Status.INVALID_ARGUMENT_VALUE;
        Object[] row = db.sessions().fromSession(s -> s.createSelectionQuery(
                "select i.sopClassUid, i.storageKey, i.objectSize, i.checksum from InstanceEntity i where i.sopUid = :u", Object[].class)
                .setParameter("u", uid).uniqueResult());
        if (row == null) return Status.NO_SUCH_OBJECT_INSTANCE;
        if (!cls.equals(row[0])) return Status.CLASS_INSTANCE_CONFLICT;
        VerifyService.Problem p = verify.check((String) row[1], uid, (Long) row[2], (String) row[3]);
        if (p != null) {
            LOG.warn("SEN-A301 storage commitment refused for {}: {}", uid, p);
            return Status.PROCESSING_FAILURE;
        }
        return 0;
    }

    private void report(Association as, int event, DataSet report) {
        try {
            if (as.isOpen()) {
                DimseResult r = new Scu(as).nEventReport(UID.StorageCommitmentPushModel, UID.StorageCommitmentPushModelInstance, event, report);
                if (r.status() == Status.SUCCESS) return;
                LOG.info("SEN-A302 N-EVENT-REPORT to {} answered {}", as.remoteAETitle(), r);
                return;
            }
        } catch (IOException e) {
            LOG.info("SEN-A303 N-EVENT-REPORT on the same association failed ({}): opening a new one", e.getMessage());
        }
        String aet = as.callingAETitle();
        Optional<RemoteAe> ae = remoteAes.find(aet);
        if (ae.isEmpty()) {
            LOG.warn("SEN-A304 storage commitment report for {} not sent: unknown AE (add it with ./sen ae add)", aet);
            return;
        }
        AssociationRequest rq = new AssociationRequest(as.calledAETitle(), aet)
                .addContext(UID.StorageCommitmentPushModel, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian)
                .addRole(UID.StorageCommitmentPushModel, false, true);
        try {
            Association out = new Connector(AssociationOptions.DEFAULT, null).connect(ae.get().host(), ae.get().port(), rq, null);
            try {
                new Scu(out).nEventReport(UID.StorageCommitmentPushModel, UID.StorageCommitmentPushModelInstance, event, report);
            } finally {
                out.release();
            }
        } catch (IOException e) {
            LOG.warn("SEN-A305 storage commitment report to {} failed: {}", aet, e.getMessage());
        }
    }
}
