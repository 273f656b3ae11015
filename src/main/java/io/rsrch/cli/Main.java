package io.rsrch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rsrch} command: one jar, one role per subcommand. */
@Command(
        name = "rsrch",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Durable browser research jobs: Gemini Deep Research as jobs you can trust.",
        subcommands = {
            LocalCommand.class,
            OperatorCommand.class,
            ApiCommand.class,
            CapabilityCommand.class,
            SubmitCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Main::reportFailure);
    }

    /**
     * Reports a role that could not start as one line saying what to fix; the stack trace only when
     * {@code RSRCH_DEBUG} is set, since it rarely helps the person reading.
     */
    private static int reportFailure(
            Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        String name = command.getCommandName();
        System.err.println("rsrch " + name + ": " + e.getMessage());
        if (System.getenv("RSRCH_DEBUG") != null) {
            e.printStackTrace();
        }
        return e instanceof IllegalArgumentException ? 2 : 1;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
