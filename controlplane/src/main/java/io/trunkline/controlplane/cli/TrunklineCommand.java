package io.trunkline.controlplane.cli;

import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code trunkline}: the one entry point of the product. Every subcommand hangs off this. */
@Command(name = "trunkline",
        scope = CommandLine.ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Trunkline multi-dispatcher load balancer: daemon, admin CLI, lab and benches.",
        subcommands = {VersionCommand.class, RunCommand.class, StatusCommand.class, VipCommand.class, BackendCommand.class,
            SessionsCommand.class, PeersCommand.class, StatsCommand.class, HealthCommand.class, NeighboursCommand.class, ConfigCommand.class,
            CaptureCommand.class, ShellCommand.class, LabCommand.class, DemoCommand.class, BenchCommand.class, CompletionCommand.class,
            CommandLine.HelpCommand.class})
public final class TrunklineCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code: 0 ok, 1 failure, 2 usage. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /**
     * A fresh command tree with the operator error handling: an error is one line on the command's
     * error stream and an exit code, 1 for a failure, 2 for a usage mistake. The shell and the SSH
     * server make one per command they run.
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TrunklineCommand());
        cli.registerConverter(Duration.class, new DurationConverter());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(OperatorMessages.describe(e));
            return 1;
        });
        cli.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println("trunkline: " + e.getMessage() + " (see: "
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return 2;
        });
        return cli;
    }
}
