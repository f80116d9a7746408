package org.senpacs.dicom.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.testing.Dcmtk;
import org.senpacs.dicom.testing.Samples;

/** Our files against dcmtk, and dcmtk's files against our reader. */
class DcmtkInteropTest {

    @TempDir
    Path dir;

    static List<Object[]> writeCases() {
        return RoundTripTest.uncompressedWithLengths();
    }

    @ParameterizedTest(name = "{0} defined lengths={1}")
    @MethodSource("writeCases")
    void dcmdumpReadsOurFilesWithoutErrorsOrWarnings(String tsuid, boolean definedLengths)
            throws IOException, InterruptedException {
        DataSet ds = Samples.everyVr();
        Path file = dir.resolve("ours.dcm");
        new DataSetWriter(new DataSetWriter.WriteOptions(definedLengths))
                .writeFile(file, DataSetWriter.fileMetaInformation(ds, tsuid), ds);
        Dcmtk.Result r = Dcmtk.run("dcmdump", "+E", "-q", file.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(List.of(), Dcmtk.problems(r.output()), r.output());
        Dcmtk.Result full = Dcmtk.run("dcmdump", "+U8", file.toString());
        assertTrue(full.output().contains(Samples.VIETNAMESE_NAME), full.output());
        assertTrue(full.output().contains("Chụp CLVT sọ não"), full.output());
        // dcmconv can convert what we wrote
        Path converted = dir.resolve("conv.dcm");
        Dcmtk.Result c = Dcmtk.run("dcmconv", "+te", file.toString(), converted.toString());
        assertEquals(0, c.exitCode(), c.output());
        assertEquals(RoundTripTest.expectedAfter(TransferSyntax.of(tsuid), ds), new DataSetReader().read(converted).dataSet());
    }

    @ParameterizedTest(name = "dcmconv {0}")
    @CsvSource({"+ti, 1.2.840.10008.1.2", "+te, 1.2.840.10008.1.2.1", "+tb, 1.2.840.10008.1.2.2",
        "+td, 1.2.840.10008.1.2.1.99"})
    void filesDcmtkWritesReadIntoEqualDataSets(String option, String tsuid) throws IOException, InterruptedException {
        DataSet ds = Samples.everyVr();
        Path source = dir.resolve("source.dcm");
        new DataSetWriter().writeFile(source, DataSetWriter.fileMetaInformation(ds, "1.2.840.10008.1.2.1"), ds);
        Path theirs = dir.resolve("theirs.dcm");
        Dcmtk.Result c = Dcmtk.run("dcmconv", option, source.toString(), theirs.toString());
        assertEquals(0, c.exitCode(), c.output());
        DicomFile read = new DataSetReader().read(theirs);
        assertEquals(tsuid, read.transferSyntax().uid());
        assertEquals(RoundTripTest.expectedAfter(read.transferSyntax(), ds), read.dataSet());
        // read -> write -> read in the same transfer syntax is stable too
        Path again = dir.resolve("again.dcm");
        new DataSetWriter().writeFile(again, read.fileMetaInformation(), read.dataSet());
        assertEquals(read.dataSet(), new DataSetReader().read(again).dataSet());
    }

    @Test
    void dump2dcmTextWithUndefinedLengthsAndVietnamese() throws IOException, InterruptedException {
        Path text = dir.resolve("in.dump");
        java.nio.file.Files.writeString(text, """
                (0008,0005) CS [ISO_IR 192]
                (0008,0016) UI =CTImageStorage
                (0008,0018) UI [1.2.3.4.5]
                (0010,0010) PN [TRẦN^THỊ BÍCH]
                (0028,0103) US 1
                (0028,0120) SS -2000
                (0040,0275) SQ (Sequence with undefined length #=1)
                (fffe,e000) na (Item with undefined length #=1)
                (0040,0007) LO [Siêu âm ổ bụng]
                (fffe,e00d) na (ItemDelimitationItem)
                (fffe,e0dd) na (SequenceDelimitationItem)
                """);
        for (String ts : List.of("--write-xfer-implicit", "--write-xfer-little", "--write-xfer-big")) {
            Path file = dir.resolve("d" + ts + ".dcm");
            Dcmtk.Result r = Dcmtk.run("dump2dcm", ts, text.toString(), file.toString());
            assertEquals(0, r.exitCode(), r.output());
            DataSet read = new DataSetReader().read(file).dataSet();
            assertEquals("TRẦN^THỊ BÍCH", read.getString(Tag.PatientName), ts);
            assertEquals(-2000, read.getInt(Tag.PixelPaddingValue, 0), ts);
            assertEquals("Siêu âm ổ bụng", read.getItem(Tag.RequestAttributesSequence)
                    .getString(Tag.ScheduledProcedureStepDescription), ts);
        }
    }
}
