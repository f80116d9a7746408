package org.senpacs.tools.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.senpacs.tools.SenTools;

/** Every tool: --help works, and a bad command line is one line on stderr and exit code 2, before any network. */
class UsageErrorsTest {

    private static void usage(String expected, String... args) {
        Cli.Run r = Cli.run(args);
        assertEquals(SenTools.USAGE, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("sen " + args[0] + ": "), line);
        assertTrue(line.contains(expected), line);
        assertTrue(line.endsWith("(see ./sen " + args[0] + " --help)"), line);
    }

    @Test
    void helpOfEveryTool() {
        for (String tool : new String[] {"echo", "store", "find", "move", "get", "scp"}) {
            Cli.Run r = Cli.run(tool, "--help");
            assertEquals(SenTools.OK, r.exit(), r.toString());
            assertTrue(r.out().contains("Usage: sen " + tool), r.out());
            assertTrue(r.out().contains("Exit codes:"), r.out());
        }
        assertTrue(Cli.run("get", "--help").out().contains("128 presentation contexts"));
    }

    @Test
    void echo() {
        usage("Missing required parameters: 'HOST', 'PORT'", "echo");
        usage("'PORT'", "echo", "localhost");
        usage("'x' is not an int", "echo", "localhost", "x");
        usage("PORT must be 1 to 65535", "echo", "localhost", "70000");
        usage("Unknown option: '--bogus'", "echo", "--bogus", "localhost", "104");
        usage("--repeat must be at least 1", "echo", "--repeat", "0", "localhost", "104");
        usage("-aet must be an AE title of 1 to 16 characters", "echo", "-aet", "A_TITLE_OF_17_CHR", "localhost", "104");
        usage("-aec", "echo", "-aec", "BAD\\AE", "localhost", "104");
        usage("cannot read key store", "echo", "--key-store", "/nonexistent.p12", "localhost", "104");
    }

    @Test
    void store() {
        usage("'FILE|DIR'", "store", "localhost", "104");
        usage("Unknown option: '-x'", "store", "-x", "localhost", "104", "a.dcm");
    }

    @Test
    void queries() {
        usage("-L must be PATIENT, STUDY, SERIES or IMAGE", "find", "-L", "BOGUS", "localhost", "104");
        usage("-M must be PatientRoot, StudyRoot or MWL", "find", "-M", "Nope", "localhost", "104");
        usage("-L PATIENT needs -M PatientRoot", "find", "-L", "PATIENT", "localhost", "104");
        usage("-L does not apply to MWL", "find", "-M", "MWL", "-L", "STUDY", "localhost", "104");
        usage("NoSuchKeyword is not a tag or keyword", "find", "-k", "NoSuchKeyword=1", "localhost", "104");
        usage("PatientName is not a sequence", "find", "-k", "PatientName.PatientID=1", "localhost", "104");
        usage("not a valid US value", "find", "-k", "Rows=many", "localhost", "104");
        usage("--cancel-after must be at least 1", "find", "--cancel-after", "0", "localhost", "104");
        usage("Missing required option: '--dest=AE'", "move", "localhost", "104");
        usage("give the unique key of the level", "move", "--dest", "X", "localhost", "104");
        usage("give the unique key of the level", "get", "-o", "x", "localhost", "104");
        usage("C-MOVE needs -M PatientRoot or StudyRoot", "move", "-M", "MWL", "--dest", "X", "-k", "PatientID=1",
                "localhost", "104");
        usage("Missing required option: '--out=DIR'", "get", "localhost", "104");
        usage("not a UID or keyword of the standard", "get", "-o", "x", "-k", "PatientID=1", "--sop-class", "NoSuchStorage",
                "localhost", "104");
        usage("is not a transfer syntax", "get", "-o", "x", "-k", "PatientID=1", "--ts", "CTImageStorage", "localhost", "104");
        usage("more than 128", "get", "-o", "x", "-k", "PatientID=1", "--ts", "ExplicitVRLittleEndian", "--ts", "ImplicitVRLittleEndian",
                "--ts", "JPEGBaseline8Bit", "--ts", "RLELossless", "localhost", "104");
    }

    @Test
    void scp() {
        usage("Missing required options: '--port=PORT', '--dir=DIR'", "scp");
        usage("--port must be 0 to 65535", "scp", "--port", "-1", "--dir", "x");
        usage("--tls needs --key-store", "scp", "--port", "0", "--dir", "x", "--tls");
        usage("--need-client-auth needs --tls", "scp", "--port", "0", "--dir", "x", "--need-client-auth");
    }

    @Test
    void theDefaultClassListOfGetIsAdvertisedRight() {
        assertEquals(GetCommand.DEFAULT_CLASSES.size(), GetCommand.DEFAULT_CLASSES_COUNT);
        assertTrue(1 + 2 * GetCommand.DEFAULT_CLASSES.size() <= ContextPlan.MAX_CONTEXTS);
    }
}
