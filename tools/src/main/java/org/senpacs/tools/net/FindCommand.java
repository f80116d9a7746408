package org.senpacs.tools.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.DataSetPrinter;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.UidDictionary;
import org.senpacs.dicom.json.DicomJsonWriter;
import org.senpacs.dicom.net.Association;
import org.senpacs.dicom.net.DimseResult;
import org.senpacs.dicom.net.Scu;
import org.senpacs.dicom.net.Status;
import org.senpacs.tools.SenTools;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./sen find}: C-FIND against a Query/Retrieve or Modality Worklist SCP, like dcmtk's findscu. */
@Command(name = "find", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = NetCommand.CollectParseErrors.class,
        description = {"Query a DICOM peer (C-FIND) and print each match as it arrives, like dcmtk's findscu.",
            "The identifier holds the Query/Retrieve Level, a few return keys of that level (study date, patient "
                + "name, accession number, UIDs...) and the -k keys, e.g. -k PatientName=NGUYỄN* -k StudyDate=20240101-.",
            "Matches go to stdout as text (one element a line) or as a DICOM JSON array (--json); the final "
                + "status goes to stderr.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the query completed (or was canceled by --cancel-after)",
            "1:the peer could not be reached, refused the query or answered a failure", "2:usage error"})
public final class FindCommand extends NetCommand {

    @Mixin
    PeerOptions peer = new PeerOptions();

    @Mixin
    QueryOptions query = new QueryOptions();

    @Option(names = "--json", description = "print the matches as a DICOM JSON array (PS3.18 F.2)")
    boolean json;

    @Option(names = "--cancel-after", paramLabel = "N", description = "send C-CANCEL after N matches, print no more")
    Integer cancelAfter;

    @Option(names = {"-w", "--width"}, paramLabel = "CHARS", defaultValue = "64",
            description = "in text, cut values longer than this (default: ${DEFAULT-VALUE})")
    int width;

    @Override
    int run() {
        peer.validate();
        if (cancelAfter != null && cancelAfter < 1) throw new UsageException("--cancel-after must be at least 1");
        QueryOptions.Model model = query.model();
        DataSet keys = query.identifier(true);
        String sopClass = model.find;
        Association as;
        try {
            as = peer.open(peer.request().addContext(sopClass, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian), null);
        } catch (IOException e) {
            return fail(e.getMessage());
        }
        int matches = 0;
        int ignored = 0;
        DimseResult last;
        try {
            if (as.contextFor(sopClass) == null) {
                as.abort();
                return fail(peer.describe() + " does not accept " + UidDictionary.standard().nameOf(sopClass));
            }
            Scu.FindResults results = new Scu(as).find(sopClass, keys);
            DicomJsonWriter jw = null;
            if (json) {
                jw = new DicomJsonWriter(out).prettyPrint(true);
                jw.writeStartArray();
            }
            while (results.hasNext()) {
                DataSet match = results.next();
                if (cancelAfter != null && matches >= cancelAfter) {
                    ignored++; // already on the way when the cancel went out
                    continue;
                }
                matches++;
                if (jw != null) {
                    jw.write(match);
                } else {
                    out.println("# Match " + matches);
                    DataSetPrinter.print(match, out, width);
                }
                if (jw != null) jw.flush();
                out.flush();
                if (cancelAfter != null && matches == cancelAfter) results.cancel();
            }
            last = results.finalResponse();
            if (jw != null) {
                jw.writeEndArray();
                jw.close();
                out.println();
            }
        } catch (IOException | UncheckedIOException e) {
            as.abort();
            return fail("C-FIND failed: " + (e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage()));
        }
        release(as);
        out.flush();
        err.printf(Locale.ROOT, "sen find: %d match%s%s; final status %s%n", matches, matches == 1 ? "" : "es",
                ignored > 0 ? " (" + ignored + " more arrived after C-CANCEL)" : "", StatusText.of(last));
        return Status.isSuccess(last.status()) || last.status() == Status.CANCEL || Status.isWarning(last.status())
                ? SenTools.OK : SenTools.FAILED;
    }

    void release(Association as) {
        try {
            as.release();
        } catch (IOException e) {
            warn("release failed: " + e.getMessage());
        }
    }
}
