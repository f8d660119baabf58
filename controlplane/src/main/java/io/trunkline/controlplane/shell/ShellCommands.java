package io.trunkline.controlplane.shell;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The command tree the shell runs: the {@code trunkline} commands without those that make no sense
 * inside it. Every command line gets a fresh tree, so nothing one command parsed leaks into the next.
 */
public final class ShellCommands {
    /**
     * Left out of the shell, and why: {@code shell} would nest; {@code run} is the daemon itself (it
     * would block the shell and, over SSH, start a second daemon inside the first); {@code demo} and
     * {@code bench} start their own DPDK EAL, of which a process can have one, and hold a core for
     * their whole run.
     */
    public static final Set<String> NOT_IN_SHELL = Set.of("shell", "run", "demo", "bench");

    private final Supplier<CommandLine> factory;
    private final CommandLine.Help.Ansi ansi;

    /**
     * @param factory a fresh {@code trunkline} command tree with its error handling at each call
     * @param ansi    colours in usage help: {@code AUTO} on the local terminal, {@code OFF} over SSH
     */
    public ShellCommands(Supplier<CommandLine> factory, CommandLine.Help.Ansi ansi) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.ansi = Objects.requireNonNull(ansi, "ansi");
    }

    /** A fresh tree printing to {@code out} and {@code err}. */
    public CommandLine create(PrintWriter out, PrintWriter err) {
        CommandLine cli = factory.get();
        for (String name : NOT_IN_SHELL) {
            cli.getCommandSpec().removeSubcommand(name);
        }
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(ansi));
        cli.setOut(out);
        cli.setErr(err);
        return cli;
    }
}
