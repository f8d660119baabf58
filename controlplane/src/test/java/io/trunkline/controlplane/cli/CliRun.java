package io.trunkline.controlplane.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.trunkline.controlplane.testing.TrunklineProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command run in a fresh process, as an operator runs it: its exit code and what it printed. */
record CliRun(int exit, String stdout, String stderr) {

    /** Runs the CLI in a fresh JVM, as bin/trunkline would, with this JVM's flags and classpath. */
    static CliRun trunkline(String... args) throws IOException, InterruptedException {
        return trunkline(Map.of(), args);
    }

    /** The same, with {@code env} added to the environment. */
    static CliRun trunkline(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return exec(java(System.getProperty("java.class.path"), args), env);
    }

    /** {@link #trunkline} with {@code input} as the process's standard input (a pipe, not a terminal). */
    static CliRun trunklineWithInput(String input, String... args) throws IOException, InterruptedException {
        return exec(TrunklineProcess.command(args), Map.of(), input);
    }

    /** The command line of a fresh JVM running the CLI with this JVM's flags and {@code classpath}. */
    static List<String> java(String classpath, String... args) {
        List<String> command = TrunklineProcess.command(args);
        command.set(command.indexOf("-cp") + 1, classpath);
        return command;
    }

    /** Runs {@code command} with {@code env} added to this process's environment and no standard input. */
    static CliRun exec(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        return exec(command, env, "");
    }

    private static CliRun exec(List<String> command, Map<String, String> env, String input)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Process p = pb.start();
        try (var stdin = p.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not end");
        }
        return new CliRun(p.exitValue(), new String(out), new String(err));
    }

    /** Operator mistakes and missing set-up end in a message, never a stack trace. */
    void assertNoStackTrace() {
        assertFalse(stderr.contains("\tat "), "no stack trace: " + stderr);
        assertFalse(stderr.contains("Exception"), "no exception names: " + stderr);
    }
}
