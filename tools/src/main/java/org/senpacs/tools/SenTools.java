package org.senpacs.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./sen} tools: each sub-command is a small program with its own --help and exit codes. */
@Command(name = "sen", mixinStandardHelpOptions = true, version = "Sen PACS tools 0.1",
        description = "Sen PACS command-line tools.",
        subcommands = {DumpCommand.class})
public final class SenTools {

    /** Exit codes shared by the tools, for scripts. */
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cl = new CommandLine(new SenTools());
        cl.setExitCodeExceptionMapper(t -> FAILED);
        return cl.execute(args);
    }
}
