package io.trunkline.controlplane.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.controlplane.cli.TrunklineCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The shell reading command lines: each runs as the trunkline command, errors are one line, the shell goes on. */
class AdminShellTest {
    private final AdminShell shell = new AdminShell(new ShellCommands(TrunklineCommand::commandLine,
            CommandLine.Help.Ansi.OFF), "dispatcher-a");
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int script(String lines) throws IOException {
        return shell.runScript(new BufferedReader(new StringReader(lines)), new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void runsEachLineAsTheCommandOfTheSameWords() throws Exception {
        assertEquals(0, script("version\n"));
        assertTrue(out.toString().startsWith("trunkline "), out.toString());
        assertTrue(out.toString().contains("java " + Runtime.version()), out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void aFailingCommandPrintsOneLineAndTheShellGoesOn() throws Exception {
        int status = script("""
                no-such-command
                config check /nonexistent/trunkline.yaml
                version
                """);
        List<String> errors = err.toString().lines().toList();
        assertEquals(2, errors.size(), err.toString());
        assertTrue(errors.get(0).startsWith("trunkline: Unmatched argument at index 0: 'no-such-command'"), errors.get(0));
        assertTrue(errors.get(1).startsWith("/nonexistent/trunkline.yaml:"), errors.get(1));
        assertTrue(errors.get(1).contains("cannot read"), errors.get(1));
        assertFalse(err.toString().contains("\tat "), "no stack trace");
        assertTrue(out.toString().startsWith("trunkline "), "the line after the errors still ran: " + out);
        assertEquals(1, status, "the status of the last failed command");
    }

    @Test
    void skipsBlankLinesAndCommentsAndSplitsQuotedWords() throws Exception {
        assertEquals(1, script("""

                # a comment
                   version   # and a trailing one
                config check '/nonexistent/a file.yaml'
                """));
        assertTrue(out.toString().startsWith("trunkline "), out.toString());
        assertTrue(err.toString().startsWith("/nonexistent/a file.yaml:"), err.toString());
    }

    @Test
    void exitEndsTheScript() throws Exception {
        assertEquals(0, script("exit\nversion\n"));
        assertEquals("", out.toString());
    }

    @Test
    void commandsThatMakeNoSenseInsideAreRefusedByName() throws Exception {
        for (String command : List.of("shell", "demo", "bench dispatch", "run --config x.yaml")) {
            StringWriter errors = new StringWriter();
            int exit = shell.runLine(command, new PrintWriter(out), new PrintWriter(errors));
            String name = command.split(" ")[0];
            assertEquals(2, exit, command);
            assertEquals("trunkline: " + name + " is not available in the shell (run it as: trunkline " + name + ")",
                    errors.toString().strip());
        }
    }

    @Test
    void helpListsTheCommandsAndHowToLeave() throws Exception {
        assertEquals(0, script("help\n"));
        String help = out.toString();
        assertTrue(help.contains("version"), help);
        assertTrue(help.contains("config"), help);
        assertFalse(help.lines().anyMatch(l -> l.strip().startsWith("demo ")), "demo is left out: " + help);
        assertTrue(help.contains("exit (or Ctrl-D) leaves"), help);
    }

    @Test
    void helpOfOneCommandIsThatCommandsUsage() throws Exception {
        assertEquals(0, script("help config\n"));
        assertTrue(out.toString().contains("Usage: trunkline config"), out.toString());
    }

    @Test
    void anEmptyExecLineIsAUsageError() {
        assertEquals(2, shell.runLine("  ", new PrintWriter(out), new PrintWriter(err)));
        assertEquals("trunkline: a command is required (try: help)", err.toString().strip());
    }
}
