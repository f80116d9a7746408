package org.senpacs.tools.net;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.senpacs.tools.SenTools;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the network tools share: stdout and stderr as UTF-8, messages prefixed with the tool's
 * name, and usage errors as one line with exit code {@link SenTools#USAGE}.
 *
 * <p>The tools collect picocli's parse errors ({@link CollectParseErrors}) instead of letting
 * picocli print them with the whole usage text, so that a bad option gives one line and exit 2.
 */
abstract class NetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Results, for the user or a script. */
    PrintWriter out;
    /** Progress, warnings and errors. */
    PrintWriter err;

    /** A usage error found after parsing: becomes one line on stderr and exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Keeps the logging backend's own start-up chatter off stdout, which is for results: SLF4J's
     * warning when no backend is on the class path, and logback's status report (it prints one when
     * its configuration warns, e.g. about two logback.xml on the class path). dicom-net's log lines
     * still go to stderr. Set before dicom-net's first logger; a user's own setting wins.
     */
    private static void quietLoggingStartup() {
        if (System.getProperty("slf4j.internal.verbosity") == null) System.setProperty("slf4j.internal.verbosity", "ERROR");
        if (System.getProperty("logback.statusListenerClass") == null) {
            System.setProperty("logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener");
        }
    }

    @Override
    public final Integer call() {
        quietLoggingStartup();
        out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), false);
        err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        try {
            List<Exception> errors = spec.commandLine().getParseResult().errors();
            if (!errors.isEmpty()) return usage(errors.get(0).getMessage());
            return run();
        } catch (UsageException e) {
            return usage(e.getMessage());
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The tool's work, once the command line is valid. */
    abstract int run();

    String name() {
        return spec.name();
    }

    int usage(String message) {
        out.flush();
        err.println("sen " + name() + ": " + message + " (see ./sen " + name() + " --help)");
        return SenTools.USAGE;
    }

    int fail(String message) {
        out.flush();
        err.println("sen " + name() + ": " + message);
        return SenTools.FAILED;
    }

    void warn(String message) {
        err.println("sen " + name() + ": " + message);
    }

    /** Makes picocli collect parse errors for {@link NetCommand#call()} to report. */
    public static final class CollectParseErrors implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.parser().collectErrors(true);
            return spec;
        }
    }
}
