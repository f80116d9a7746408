package org.senpacs.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.io.DicomFile;
import org.senpacs.dicom.net.TestFiles.TestObject;
import org.senpacs.dicom.testing.Dcmtk;

/** Our SCU (Connector, Scu) against dcmtk's storescp. */
class StorescpTest {

    @TempDir
    Path dir;

    DcmtkScp storescp;

    @AfterEach
    void stop() {
        if (storescp != null) storescp.close();
    }

    private Path startStorescp(String... options) throws IOException, InterruptedException {
        Path out = Files.createDirectories(dir.resolve("received"));
        List<String> cmd = new java.util.ArrayList<>(List.of("storescp", "-aet", "STORESCP", "-od", out.toString()));
        Collections.addAll(cmd, options);
        storescp = DcmtkScp.start(dir.resolve("logs"), 0, cmd);
        return out;
    }

    @Test
    void filesInEveryTransferSyntaxArriveEqual() throws IOException, InterruptedException {
        Path out = startStorescp("+xa", "-pdu", "4096"); // small PDUs: every object takes many
        List<TestObject> objects = TestFiles.objects();
        List<Path> files = TestFiles.write(dir.resolve("sent"), objects);
        List<Integer> statuses = TestScp.sendFiles("localhost", storescp.port, "SENSCU", "STORESCP", files);
        assertEquals(Collections.nCopies(files.size(), Status.SUCCESS), statuses, storescp.output());

        Map<String, DicomFile> received = TestFiles.readAll(out);
        assertEquals(objects.size(), received.size(), storescp.output());
        for (TestObject o : objects) {
            DicomFile f = received.get(o.sopInstanceUid());
            assertEquals(o.transferSyntax(), f.transferSyntax().uid(), "sent in its own transfer syntax");
            assertEquals(TestFiles.expected(o, o.transferSyntax()), f.dataSet(), o.transferSyntax());
        }
        assertEquals(List.of(), Dcmtk.problems(storescp.output()), storescp.output());
    }

    @Test
    void dataSetsConvertedToWhatWasAccepted() throws IOException, InterruptedException {
        Path out = startStorescp("+xi"); // implicit VR little endian only
        List<TestObject> objects = TestFiles.objects().subList(0, 4);
        List<Path> files = TestFiles.write(dir.resolve("sent"), objects);
        AssociationRequest rq = new AssociationRequest("SENSCU", "STORESCP")
                .addContext(UID.CTImageStorage, UID.ExplicitVRBigEndian, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
        Association as = new Connector().connect("localhost", storescp.port, rq, null);
        Scu scu = new Scu(as);
        for (Path f : files) assertEquals(Status.SUCCESS, scu.storeFile(f).status());
        DataSet big = TestFiles.instance(9, TestFiles.PATIENT_2, "BN-2", TestFiles.STUDY_2, "2.25.710009");
        byte[] pixels = new byte[1 << 20];
        new java.util.Random(9).nextBytes(pixels);
        big.setBytes(Tag.PixelData, VR.OW, pixels);
        assertEquals(Status.SUCCESS, scu.store(big).status());
        // A JPEG file cannot be converted without a codec: refused before anything is sent.
        Path jpeg = TestFiles.write(dir.resolve("jpeg"), TestFiles.objects().subList(4, 5)).get(0);
        assertThrows(AssociationException.class, () -> scu.storeFile(jpeg));
        assertTrue(as.isOpen());
        as.release();

        Map<String, DicomFile> received = TestFiles.readAll(out);
        for (TestObject o : objects) {
            assertEquals(TestFiles.expected(o, UID.ImplicitVRLittleEndian), received.get(o.sopInstanceUid()).dataSet());
        }
        assertEquals(TestFiles.expectedAfter(UID.ImplicitVRLittleEndian, big), received.get("2.25.720009").dataSet());
        assertTrue(storescp.output().isEmpty() || Dcmtk.problems(storescp.output()).isEmpty(), storescp.output());
    }
}
