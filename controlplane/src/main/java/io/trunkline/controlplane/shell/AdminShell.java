package io.trunkline.controlplane.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import picocli.CommandLine;
import picocli.shell.jline3.PicocliJLineCompleter;

/**
 * The admin shell: reads command lines and runs each as the {@code trunkline} command of the same
 * words, on the serial console ({@code trunkline shell}) and over SSH. A failing command prints its
 * one-line error and the shell reads the next line; only {@code exit}, {@code quit} or the end of the
 * input (Ctrl-D) leave it.
 *
 * <p>Words are split as a POSIX shell would for quotes and backslashes; {@code #} starts a comment.
 * One instance serves any number of sessions at once: it keeps no per-session state.
 */
public final class AdminShell {
    private static final Set<String> LEAVE = Set.of("exit", "quit");
    private static final String SHELL_HELP = """

            In the shell: Tab completes commands and options, Up and Down recall earlier lines,
            Ctrl-C stops the running command, exit (or Ctrl-D) leaves.""";

    private final ShellCommands commands;
    private final String prompt;
    private final DefaultParser parser = new DefaultParser().lineCommentDelims(new String[] {"#"});

    /**
     * @param commands the command tree each line runs in
     * @param node     the name the prompt shows: {@code node> }
     */
    public AdminShell(ShellCommands commands, String node) {
        this.commands = Objects.requireNonNull(commands, "commands");
        this.prompt = Objects.requireNonNull(node, "node") + "> ";
    }

    /**
     * Runs the shell on a terminal with line editing, completion and history until the operator leaves.
     *
     * @param historyFile where history is kept across sessions; {@code null} keeps it for this session only
     */
    public void interact(Terminal terminal, Path historyFile) {
        PrintWriter out = terminal.writer();
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("trunkline")
                .parser(parser)
                .completer(new PicocliJLineCompleter(commands.create(out, out).getCommandSpec()))
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true); // '!' is an argument, not history
        if (historyFile != null) {
            builder.variable(LineReader.HISTORY_FILE, historyFile);
        }
        LineReader reader = builder.build();
        while (true) {
            String line;
            try {
                line = reader.readLine(prompt);
            } catch (UserInterruptException e) {
                continue; // Ctrl-C at the prompt drops the line, as a shell does
            } catch (EndOfFileException e) {
                return;
            }
            List<String> words = words(line);
            if (isLeave(words)) {
                return;
            }
            if (!words.isEmpty()) {
                runInterruptibly(terminal, words, out);
            }
        }
    }

    /**
     * Runs every line of {@code in} in turn, without prompt or echo: scripts, pipes, tests.
     *
     * @return 0 when every command succeeded, else the exit code of the last one that failed
     */
    public int runScript(BufferedReader in, PrintWriter out, PrintWriter err) throws IOException {
        int status = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            List<String> words = words(line);
            if (isLeave(words)) {
                break;
            }
            if (!words.isEmpty()) {
                int exit = execute(words, out, err);
                status = exit == 0 ? status : exit;
            }
        }
        return status;
    }

    /** Runs one command line (an SSH exec request) and returns its exit code. */
    public int runLine(String line, PrintWriter out, PrintWriter err) {
        List<String> words = words(line);
        if (words.isEmpty()) {
            err.println("trunkline: a command is required (try: help)");
            err.flush();
            return 2;
        }
        return isLeave(words) ? 0 : execute(words, out, err);
    }

    /** Runs one command; Ctrl-C interrupts its thread (a {@code --watch} loop ends) instead of the process. */
    private void runInterruptibly(Terminal terminal, List<String> words, PrintWriter out) {
        Thread runner = Thread.currentThread();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> runner.interrupt());
        try {
            execute(words, out, out);
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            Thread.interrupted(); // an interrupt meant for the command must not end the next readLine
        }
    }

    private int execute(List<String> words, PrintWriter out, PrintWriter err) {
        try {
            if (ShellCommands.NOT_IN_SHELL.contains(words.getFirst())) {
                err.println("trunkline: " + words.getFirst() + " is not available in the shell (run it as: trunkline "
                        + words.getFirst() + ")");
                return 2;
            }
            CommandLine cli = commands.create(out, err);
            if (words.equals(List.of("help"))) {
                cli.usage(out, cli.getColorScheme());
                out.println(SHELL_HELP);
                return 0;
            }
            return cli.execute(words.toArray(String[]::new));
        } catch (RuntimeException e) { // picocli handles what commands throw; this guards the shell itself
            err.println("trunkline: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private List<String> words(String line) {
        String trimmed = line.strip(); // a trailing blank would become an empty last word
        if (trimmed.isEmpty()) {
            return List.of();
        }
        List<String> words = parser.parse(trimmed, trimmed.length(), Parser.ParseContext.ACCEPT_LINE)
                .words();
        return words.size() == 1 && words.getFirst().isEmpty() ? List.of() : words;
    }

    private static boolean isLeave(List<String> words) {
        return words.size() == 1 && LEAVE.contains(words.getFirst());
    }
}
