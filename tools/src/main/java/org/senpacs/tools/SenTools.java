package org.senpacs.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./sen} tools: each sub-command is a small program with its own --help and exit codes. */
@Command(name = "sen", mixinStandardHelpOptions = true, version = "Sen PACS tools 0.1",
        description = "Sen PACS command-line tools.",
        subcommands = {DumpCommand.class, org.senpacs.tools.synth.SynthCommand.class,
            org.senpacs.tools.net.EchoCommand.class, org.senpacs.tools.net.StoreCommand.class,
            org.senpacs.tools.net.FindCommand.class, org.senpacs.tools.net.MoveCommand.class,
            org.senpacs.tools.net.GetCommand.class, org.senpacs.tools.net.ScpCommand.class,
            org.senpacs.tools.archive.AeCommand.class, org.senpacs.tools.archive.VerifyCommand.class,
            AotTrainCommand.class})
public final class SenTools {

    /** Exit codes shared by the tools, for scripts. */
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        // The tools' own logging setup (quiet), not the server's that is on the class path too.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-tools.xml");
        }
        CommandLine cl = new CommandLine(new SenTools());
        cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? USAGE : FAILED);
        return cl.execute(args);
    }
}
