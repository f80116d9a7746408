package org.senpacs.tools.net;

import java.io.IOException;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.UidDictionary;
import org.senpacs.dicom.net.Association;
import org.senpacs.dicom.net.DimseResult;
import org.senpacs.dicom.net.Scu;
import org.senpacs.tools.SenTools;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./sen move}: C-MOVE, which has the peer send what matches to a third AE (or to us, if we listen). */
@Command(name = "move", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = NetCommand.CollectParseErrors.class,
        description = {"Ask a DICOM peer to send the instances matching the keys to the AE named by --dest (C-MOVE), "
                + "like dcmtk's movescu. The peer must know that AE's host and port.",
            "Give the unique key of the level, e.g. -L STUDY -k StudyInstanceUID=1.2.3 (or -L SERIES with the study "
                + "and series UIDs). Pending counts go to stderr as they come, the final counts to stdout.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every sub-operation completed (warnings included)",
            "1:the peer could not be reached or refused, the move failed, or a sub-operation failed", "2:usage error"})
public final class MoveCommand extends NetCommand {

    @Mixin
    PeerOptions peer = new PeerOptions();

    @Mixin
    QueryOptions query = new QueryOptions();

    @Option(names = "--dest", required = true, paramLabel = "AE", description = "the Move Destination: the AE title to send to")
    String dest;

    @Override
    int run() {
        peer.validate();
        PeerOptions.checkAeTitle("--dest", dest);
        QueryOptions.Model model = query.model();
        if (model.move == null) throw new UsageException("C-MOVE needs -M PatientRoot or StudyRoot");
        if (query.keys.isEmpty()) {
            throw new UsageException("give the unique key of the level to retrieve, e.g. -k StudyInstanceUID=1.2.3");
        }
        DataSet keys = query.identifier(false);
        Association as;
        try {
            as = peer.open(peer.request().addContext(model.move, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian), null);
        } catch (IOException e) {
            return fail(e.getMessage());
        }
        DimseResult r;
        try {
            if (as.contextFor(model.move) == null) {
                as.abort();
                return fail(peer.describe() + " does not accept " + UidDictionary.standard().nameOf(model.move));
            }
            r = new Scu(as).move(model.move, dest, keys, p -> RetrieveReport.pending(err, name(), p));
        } catch (IOException e) {
            as.abort();
            return fail("C-MOVE failed: " + e.getMessage());
        }
        try {
            as.release();
        } catch (IOException e) {
            warn("release failed: " + e.getMessage());
        }
        out.println("C-MOVE to " + dest + ": " + StatusText.of(r) + "; " + RetrieveReport.counts(r));
        String failedUids = RetrieveReport.failedInstances(r);
        if (failedUids != null) out.println("Failed instances: " + failedUids);
        return RetrieveReport.succeeded(r) ? SenTools.OK : SenTools.FAILED;
    }
}
