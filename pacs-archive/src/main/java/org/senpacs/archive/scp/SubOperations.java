package org.senpacs.archive.scp;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.senpacs.archive.retrieve.RetrieveService;
import org.senpacs.archive.retrieve.RetrieveService.Item;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.io.DataSetReader;
import org.senpacs.dicom.io.DataSetWriter;
import org.senpacs.dicom.net.Association;
import org.senpacs.dicom.net.AssociationRequest;
import org.senpacs.dicom.net.DimseResult;
import org.senpacs.dicom.net.Scu;
import org.senpacs.dicom.net.Status;
import org.senpacs.dicom.net.pdu.PresentationContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The C-STORE sub-operations of a C-MOVE or C-GET, with their counts. */
final class SubOperations {

    private static final Logger LOG = LoggerFactory.getLogger(SubOperations.class);

    /** Counts so far; {@code remaining} is meaningful in pending responses. */
    record Counts(int remaining, int completed, int failed, int warning, List<String> failedUids, boolean canceled) {

        DataSet command() {
            DataSet c = new DataSet(4);
            if (remaining >= 0) c.setInt(Tag.NumberOfRemainingSuboperations, VR.US, remaining);
            c.setInt(Tag.NumberOfCompletedSuboperations, VR.US, completed);
            c.setInt(Tag.NumberOfFailedSuboperations, VR.US, failed);
            c.setInt(Tag.NumberOfWarningSuboperations, VR.US, warning);
            return c;
        }

        /** The final status of PS3.4 C.4.2.1.5 / C.4.3.1.4. */
        int finalStatus() {
            if (canceled) return Status.CANCEL;
            if (failed == 0 && warning == 0) return Status.SUCCESS;
            if (completed == 0 && warning == 0) return Status.OUT_OF_RESOURCES_UNABLE_TO_PERFORM_SUB_OPERATIONS;
            return Status.SUB_OPERATIONS_WARNING;
        }

        /** The response data set: the Failed SOP Instance UID List, when there are failures. */
        DataSet data() {
            if (failedUids.isEmpty()) return null;
            DataSet d = new DataSet(1);
            d.setString(Tag.FailedSOPInstanceUIDList, VR.UI, failedUids.toArray(String[]::new));
            return d;
        }
    }

    private SubOperations() {}

    /** Presentation contexts to propose for sending these items: as stored, and uncompressed for conversion. */
    static AssociationRequest request(String callingAet, String calledAet, List<Item> items) {
        AssociationRequest rq = new AssociationRequest(callingAet, calledAet);
        Set<String> pairs = new LinkedHashSet<>();
        Set<String> uncompressed = new LinkedHashSet<>();
        for (Item i : items) {
            pairs.add(i.sopClassUid() + "|" + i.transferSyntax());
            if (!TransferSyntax.of(i.transferSyntax()).encapsulated()) uncompressed.add(i.sopClassUid());
        }
        int n = 0;
        for (String p : pairs) {
            if (n++ >= 128) break;
            String[] f = p.split("\\|");
            rq.addContext(f[0], f[1]);
        }
        for (String sop : uncompressed) {
            if (n++ >= 128) break;
            rq.addContext(sop, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
        }
        return rq;
    }

    /**
     * Sends each item as a C-STORE on {@code as}; {@code progress} sees the counts after each one.
     */
    static Counts send(Association as, List<Item> items, RetrieveService retrieve, String moveOriginatorAet,
                       int moveOriginatorMessageId, BooleanSupplier canceled, Consumer<Counts> progress) {
        Scu scu = new Scu(as);
        int completed = 0;
        int failed = 0;
        int warning = 0;
        List<String> failedUids = new ArrayList<>();
        for (int k = 0; k < items.size(); k++) {
            Item item = items.get(k);
            if (canceled.getAsBoolean() || !as.isOpen()) {
                for (int j = k; j < items.size(); j++) failedUids.add(items.get(j).sopInstanceUid());
                return new Counts(items.size() - k, completed, failed, warning, failedUids, canceled.getAsBoolean());
            }
            int status;
            try {
                status = storeOne(scu, as, item, retrieve, moveOriginatorAet, moveOriginatorMessageId);
            } catch (IOException | RuntimeException e) {
                LOG.info("SEN-A201 sending {} to {} failed: {}", item.sopInstanceUid(), as.remoteAETitle(), e.toString());
                status = Status.PROCESSING_FAILURE;
            }
            if (status == Status.SUCCESS) completed++;
            else if (Status.isWarning(status)) warning++;
            else {
                failed++;
                failedUids.add(item.sopInstanceUid());
            }
            if (k + 1 < items.size()) progress.accept(new Counts(items.size() - k - 1, completed, failed, warning, failedUids, false));
        }
        return new Counts(-1, completed, failed, warning, failedUids, false);
    }

    private static int storeOne(Scu scu, Association as, Item item, RetrieveService retrieve, String origAet, int origId)
            throws IOException {
        PresentationContext exact = as.contextFor(item.sopClassUid(), item.transferSyntax());
        if (exact != null && exact.transferSyntax().equals(item.transferSyntax())) {
            DimseResult r = scu.store(item.sopClassUid(), item.sopInstanceUid(), item.transferSyntax(), (out, ts) -> {
                try (InputStream in = retrieve.openDataSet(item)) {
                    in.transferTo(out);
                }
            }, origAet, origId);
            return r.status();
        }
        PresentationContext pc = as.contextFor(item.sopClassUid(), UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
        if (pc == null || TransferSyntax.of(item.transferSyntax()).encapsulated()
                || TransferSyntax.of(pc.transferSyntax()).encapsulated()) {
            LOG.info("SEN-A202 {} not sent to {}: no accepted context for {} in {}", item.sopInstanceUid(), as.remoteAETitle(),
                    item.sopClassUid(), item.transferSyntax());
            return Status.SOP_CLASS_NOT_SUPPORTED;
        }
        DataSet ds;
        try (InputStream in = retrieve.openDataSet(item)) {
            ds = new DataSetReader().read(in, TransferSyntax.of(item.transferSyntax()));
        }
        return scu.store(item.sopClassUid(), item.sopInstanceUid(), pc.transferSyntax(),
                (out, ts) -> new DataSetWriter().writeDataSet(out, ds, TransferSyntax.of(ts)), origAet, origId).status();
    }
}
