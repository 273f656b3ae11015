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
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
