package org.senpacs.tools;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./sen} tools: each sub-command is a small program with its own --help and exit codes. */
@Command(name = "sen", mixinStandardHelpOptions = true, version = "Sen PACS tools 0.1",
        description = "Sen PACS command-line tools.")
public final class SenTools {

    /** The sub-commands, in help order. */
    private static final List<Class<?>> COMMANDS = List.of(DumpCommand.class, org.senpacs.tools.synth.SynthCommand.class,
            org.senpacs.tools.net.EchoCommand.class, org.senpacs.tools.net.StoreCommand.class,
            org.senpacs.tools.net.FindCommand.class, org.senpacs.tools.net.MoveCommand.class,
            org.senpacs.tools.net.GetCommand.class, org.senpacs.tools.net.ScpCommand.class,
            org.senpacs.tools.archive.AeCommand.class, org.senpacs.tools.archive.VerifyCommand.class,
            AotTrainCommand.class);

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
        // Only the sub-command asked for is built: picocli reads every option of a command by
        // reflection, and building all of them is most of a short tool's start-up.
        Class<?> asked = args.length == 0 ? null : COMMANDS.stream()
                .filter(c -> c.getAnnotation(Command.class).name().equals(args[0])).findFirst().orElse(null);
        for (Class<?> c : asked != null ? List.of(asked) : COMMANDS) cl.addSubcommand(c);
        // Adding a sub-command gives it the parent's parser settings: apply its own model
        // transformer again (the network tools collect parse errors to report them in one line).
        for (CommandLine sub : cl.getSubcommands().values()) {
            CommandLine.IModelTransformer t = sub.getCommandSpec().modelTransformer();
            if (t != null) t.transform(sub.getCommandSpec());
        }
        cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? USAGE : FAILED);
        return cl.execute(args);
    }
}
