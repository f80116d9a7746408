package org.senpacs.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.senpacs.dicom.DataSetPrinter;
import org.senpacs.dicom.io.DataSetReader;
import org.senpacs.dicom.io.DicomFile;
import org.senpacs.dicom.io.ReadOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints DICOM files as text, one element a line. */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Print DICOM files (Part 10 or bare data sets) as text, like dcmdump.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file was read", "1:a file could not be read", "2:usage error"})
final class DumpCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "files to print")
    List<Path> files;

    @Option(names = {"-w", "--width"}, description = "cut values longer than this (default: ${DEFAULT-VALUE})")
    int width = 64;

    @Option(names = "--headers", description = "stop before Pixel Data")
    boolean headersOnly;

    @Override
    public Integer call() {
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        ReadOptions options = ReadOptions.DEFAULT.withBulkData(ReadOptions.BulkDataPolicy.REFERENCE, 256);
        if (headersOnly) options = options.withStopBefore(0x7FE00010);
        int status = SenTools.OK;
        for (Path file : files) {
            try {
                DicomFile f = new DataSetReader(options).read(file);
                if (files.size() > 1) out.println("# " + file);
                if (f.fileMetaInformation() != null) {
                    out.println("# File Meta Information");
                    DataSetPrinter.print(f.fileMetaInformation(), out, width);
                }
                out.println("# Data set: " + f.transferSyntax());
                DataSetPrinter.print(f.dataSet(), out, width);
            } catch (IOException | RuntimeException e) {
                out.flush();
                System.err.println("sen dump: " + file + ": " + e.getMessage());
                status = SenTools.FAILED;
            }
        }
        out.flush();
        return status;
    }
}
