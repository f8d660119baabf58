package io.trunkline.controlplane.cli;

import io.trunkline.controlplane.shell.AdminShell;
import io.trunkline.controlplane.shell.ShellCommands;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trunkline shell}: the admin shell on this terminal (the serial console, a local login). On a
 * terminal it edits lines, completes and keeps history; on a terminal JLine cannot drive ({@code
 * TERM=dumb}, some serial consoles) it falls back to plain line input; when standard input is not a
 * terminal it runs the commands it reads line by line and exits with the status of the last failure.
 */
@Command(name = "shell", description = {
    "Interactive admin shell: the trunkline commands with completion, history and help.",
    "Reads commands line by line when standard input is not a terminal (exit status: 0, or that of the last "
        + "failed command)."})
final class ShellCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--history", paramLabel = "FILE", description = "History file (default: ~/.trunkline_history).")
    Path history;

    @Option(names = "--node", paramLabel = "NAME", defaultValue = "trunkline",
            description = "Name the prompt shows (default: ${DEFAULT-VALUE}).")
    String node;

    @Override
    public Integer call() throws IOException {
        AdminShell shell = new AdminShell(new ShellCommands(TrunklineCommand::commandLine, CommandLine.Help.Ansi.AUTO), node);
        Console console = System.console();
        if (console == null || !console.isTerminal()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            return shell.runScript(in, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        try (Terminal terminal = TerminalBuilder.builder().name("trunkline").system(true).dumb(true).build()) {
            if (terminal.getWidth() <= 0) { // a serial console knows no size until someone runs stty
                terminal.setSize(new Size(80, 24));
            }
            shell.interact(terminal, history != null ? history : Path.of(System.getProperty("user.home"), ".trunkline_history"));
        }
        return 0;
    }
}
