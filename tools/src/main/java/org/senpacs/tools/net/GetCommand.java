package org.senpacs.tools.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.UidDictionary;
import org.senpacs.dicom.net.Association;
import org.senpacs.dicom.net.AssociationRequest;
import org.senpacs.dicom.net.DicomServiceException;
import org.senpacs.dicom.net.DicomServiceRegistry;
import org.senpacs.dicom.net.DimseResult;
import org.senpacs.dicom.net.Scu;
import org.senpacs.tools.SenTools;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./sen get}: C-GET, which brings the matching instances back on the same association. */
@Command(name = "get", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = NetCommand.CollectParseErrors.class,
        description = {"Retrieve the instances matching the keys (C-GET) into a folder, like dcmtk's getscu: the peer "
                + "sends them back as C-STOREs on the same association, so no port of ours has to be reachable.",
            "Each instance is streamed to --out DIR/<SOP Instance UID>.dcm as it arrives.",
            "",
            "Why only some SOP classes: in C-GET the retrieving side must propose, with the SCP role, every storage "
                + "SOP class it will take, and an association carries at most 128 presentation contexts, fewer than the "
                + "standard's storage classes. So get proposes " + GetCommand.DEFAULT_CLASSES_COUNT + " common ones "
                + "(CR, DX, MG, intra-oral, CT, MR and their enhanced forms, US, secondary capture, XA, RF, NM, PET, "
                + "breast tomosynthesis, VL photographs, RT image/dose/structure set/plan, segmentation, SR, key "
                + "objects, dose reports, presentation states, PDF), each in two contexts: uncompressed (Explicit, "
                + "Implicit VR Little Endian) and compressed as stored (the JPEG, JPEG-LS, JPEG 2000, RLE and HTJ2K "
                + "syntaxes: the peer picks one). Instances of other classes fail on the peer's side; name the "
                + "classes you need with --sop-class, and with --ts the exact transfer syntaxes (one context each).",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every instance was retrieved (warnings included)",
            "1:the peer could not be reached or refused, the get failed, or an instance failed", "2:usage error"})
public final class GetCommand extends NetCommand {

    static final List<String> DEFAULT_CLASSES = List.of(
            UID.ComputedRadiographyImageStorage, UID.DigitalXRayImageStorageForPresentation,
            UID.DigitalXRayImageStorageForProcessing, UID.DigitalMammographyXRayImageStorageForPresentation,
            UID.DigitalMammographyXRayImageStorageForProcessing, UID.DigitalIntraOralXRayImageStorageForPresentation,
            UID.CTImageStorage, UID.EnhancedCTImageStorage, UID.MRImageStorage, UID.EnhancedMRImageStorage,
            UID.UltrasoundImageStorage, UID.UltrasoundMultiFrameImageStorage, UID.SecondaryCaptureImageStorage,
            UID.MultiFrameGrayscaleByteSecondaryCaptureImageStorage, UID.MultiFrameGrayscaleWordSecondaryCaptureImageStorage,
            UID.MultiFrameTrueColorSecondaryCaptureImageStorage, UID.XRayAngiographicImageStorage, UID.EnhancedXAImageStorage,
            UID.XRayRadiofluoroscopicImageStorage, UID.NuclearMedicineImageStorage, UID.PositronEmissionTomographyImageStorage,
            UID.EnhancedPETImageStorage, UID.BreastTomosynthesisImageStorage, UID.VLPhotographicImageStorage,
            UID.VLEndoscopicImageStorage, UID.RTImageStorage, UID.RTDoseStorage, UID.RTStructureSetStorage,
            UID.RTPlanStorage, UID.SegmentationStorage, UID.BasicTextSRStorage, UID.EnhancedSRStorage,
            UID.ComprehensiveSRStorage, UID.KeyObjectSelectionDocumentStorage, UID.XRayRadiationDoseSRStorage,
            UID.GrayscaleSoftcopyPresentationStateStorage, UID.EncapsulatedPDFStorage);

    static final int DEFAULT_CLASSES_COUNT = 37;

    static final List<String> COMPRESSED = List.of(UID.JPEGLSLossless, UID.JPEG2000Lossless, UID.JPEGLosslessSV1,
            UID.RLELossless, UID.HTJ2KLossless, UID.JPEGBaseline8Bit, UID.JPEGExtended12Bit, UID.JPEGLSNearLossless,
            UID.JPEG2000, UID.HTJ2K, UID.DeflatedExplicitVRLittleEndian);

    @Mixin
    PeerOptions peer = new PeerOptions();

    @Mixin
    QueryOptions query = new QueryOptions();

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "folder to store into (created)")
    Path outDir;

    @Option(names = "--sop-class", paramLabel = "UID|KEYWORD",
            description = "a storage SOP class to take (repeatable), e.g. CTImageStorage; replaces the default list")
    List<String> sopClasses = new ArrayList<>();

    @Option(names = "--ts", paramLabel = "UID|KEYWORD",
            description = "a transfer syntax to take (repeatable), each in its own context per SOP class; "
                    + "replaces the two default contexts")
    List<String> transferSyntaxes = new ArrayList<>();

    @Option(names = {"-v", "--verbose"}, description = "print a line per instance received")
    boolean verbose;

    @Override
    int run() {
        peer.validate();
        QueryOptions.Model model = query.model();
        if (model.get == null) throw new UsageException("C-GET needs -M PatientRoot or StudyRoot");
        if (query.keys.isEmpty()) {
            throw new UsageException("give the unique key of the level to retrieve, e.g. -k StudyInstanceUID=1.2.3");
        }
        DataSet keys = query.identifier(false);
        List<String> classes = sopClasses.isEmpty() ? DEFAULT_CLASSES : resolve(sopClasses, UidDictionary.Type.STORAGE_SOP_CLASS, "--sop-class");
        List<List<String>> syntaxes = new ArrayList<>();
        if (transferSyntaxes.isEmpty()) {
            syntaxes.add(List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian));
            syntaxes.add(COMPRESSED);
        } else {
            for (String ts : resolve(transferSyntaxes, UidDictionary.Type.TRANSFER_SYNTAX, "--ts")) syntaxes.add(List.of(ts));
        }
        int contexts = 1 + classes.size() * syntaxes.size();
        if (contexts > ContextPlan.MAX_CONTEXTS) {
            throw new UsageException(classes.size() + " SOP classes × " + syntaxes.size() + " transfer syntaxes need " + contexts
                    + " presentation contexts, more than 128: name fewer with --sop-class or --ts");
        }
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            return fail("cannot create " + outDir + ": " + e.getMessage());
        }

        AssociationRequest rq = peer.request().addContext(model.get, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
        for (String sc : classes) {
            for (List<String> ts : syntaxes) rq.addContext(sc, ts.toArray(String[]::new));
            rq.addRole(sc, false, true);
        }
        InstanceWriter writer = new InstanceWriter(outDir, false);
        AtomicInteger storeFailures = new AtomicInteger();
        DicomServiceRegistry services = new DicomServiceRegistry().registerStorage(req -> {
            try {
                InstanceWriter.Stored s = writer.store(req);
                if (verbose) {
                    err.printf(Locale.ROOT, "sen get: received %s %s (%d bytes)%n", UidDictionary.standard().nameOf(s.sopClass()),
                            s.sopInstance(), s.bytes());
                }
            } catch (DicomServiceException e) {
                storeFailures.incrementAndGet();
                err.println("sen get: could not store " + req.sopInstanceUid() + ": " + e.getMessage());
                throw e;
            }
        });
        Association as;
        try {
            as = peer.open(rq, services);
        } catch (IOException e) {
            return fail(e.getMessage());
        }
        DimseResult r;
        try {
            if (as.contextFor(model.get) == null) {
                as.abort();
                return fail(peer.describe() + " does not accept " + UidDictionary.standard().nameOf(model.get));
            }
            r = new Scu(as).get(model.get, keys, p -> RetrieveReport.pending(err, name(), p));
        } catch (IOException e) {
            as.abort();
            return fail("C-GET failed: " + e.getMessage());
        }
        try {
            as.release();
        } catch (IOException e) {
            warn("release failed: " + e.getMessage());
        }
        out.println("C-GET: " + StatusText.of(r) + "; " + RetrieveReport.counts(r));
        String failedUids = RetrieveReport.failedInstances(r);
        if (failedUids != null) out.println("Failed instances: " + failedUids);
        out.printf(Locale.ROOT, "Received %d instances (%.1f MB) into %s%n", writer.files(), writer.bytes() / 1e6, outDir);
        return RetrieveReport.succeeded(r) && storeFailures.get() == 0 ? SenTools.OK : SenTools.FAILED;
    }

    /** UIDs or keywords of the dictionary, of the type asked. */
    private static List<String> resolve(List<String> given, UidDictionary.Type type, String option) {
        Set<String> uids = new LinkedHashSet<>();
        UidDictionary dict = UidDictionary.standard();
        for (String g : given) {
            String s = g.trim();
            String uid = s.chars().allMatch(c -> c == '.' || Character.isDigit(c)) ? s : dict.uidOf(s);
            if (uid == null) throw new UsageException(option + " '" + g + "': not a UID or keyword of the standard");
            boolean known = dict.is(uid, type) || (type == UidDictionary.Type.TRANSFER_SYNTAX && TransferSyntax.isKnown(uid));
            if (!known && !(type == UidDictionary.Type.STORAGE_SOP_CLASS && dict.entry(uid) == null)) {
                throw new UsageException(option + " '" + g + "' is not a " + (type == UidDictionary.Type.TRANSFER_SYNTAX
                        ? "transfer syntax" : "storage SOP class"));
            }
            uids.add(uid);
        }
        return List.copyOf(uids);
    }
}
