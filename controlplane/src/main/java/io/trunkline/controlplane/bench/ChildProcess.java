package io.trunkline.controlplane.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A process the bench starts, its output (stdout and stderr) going to a log file; stopped with
 * SIGTERM (DPDK's tools quit cleanly on it), then killed if it does not end. Each runs under
 * coreutils {@code timeout}, which passes the SIGTERM on and ends the process after its lifetime
 * even when the bench itself was killed: no generator or testpmd outlives a bench for long.
 */
final class ChildProcess {
    private static final long STOP_GRACE_SECONDS = 10;

    private final Process process;
    private final Path log;
    /** The program's name, for messages. */
    private final String name;

    private ChildProcess(Process process, Path log, String name) {
        this.process = process;
        this.log = log;
        this.name = name;
    }

    /** Starts {@code command}, ended after {@code lifetimeSeconds} at the latest. */
    static ChildProcess start(List<String> command, Path log, long lifetimeSeconds) throws IOException {
        List<String> limited = new ArrayList<>(List.of("timeout", "--kill-after=" + STOP_GRACE_SECONDS, Long.toString(lifetimeSeconds)));
        limited.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(limited).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        return new ChildProcess(builder.start(), log, Path.of(command.getFirst()).getFileName().toString());
    }

    /**
     * Runs {@code command} until its output satisfies {@code done} (checked every 200 ms) or
     * {@code timeoutSeconds} pass, then stops it; returns its output.
     */
    static String runUntil(List<String> command, Path log, Predicate<String> done, long timeoutSeconds)
            throws IOException, InterruptedException {
        ChildProcess child = start(command, log, timeoutSeconds + STOP_GRACE_SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (child.process.isAlive() && System.nanoTime() < deadline && !done.test(child.output())) {
            child.process.waitFor(200, TimeUnit.MILLISECONDS);
        }
        return child.stop();
    }

    /** Runs {@code command} to its end; returns its output, or throws with its last lines if it failed. */
    static String runToEnd(List<String> command, Path log, long timeoutSeconds) throws IOException, InterruptedException {
        return start(command, log, timeoutSeconds + STOP_GRACE_SECONDS).finish(timeoutSeconds);
    }

    /**
     * Waits up to {@code timeoutSeconds} for the process to end; returns its output, or throws with
     * its last lines if it failed or did not end (then it is stopped).
     */
    String finish(long timeoutSeconds) throws IOException, InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            stop();
            throw new IllegalStateException(name + " did not end within " + timeoutSeconds + " s (log: " + log + ")");
        }
        String output = output();
        if (process.exitValue() != 0) {
            throw new IllegalStateException(name + " failed (exit " + process.exitValue() + "): " + tail(output) + " (log: " + log + ")");
        }
        return output;
    }

    /**
     * Waits until the process has created {@code file} (a generator's memif socket, which a client
     * must find when it starts: it does not retry); fails with its output if it ends first or takes
     * longer than {@code timeoutSeconds}.
     */
    void awaitFile(Path file, long timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!Files.exists(file)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the generator did not create " + file + ": " + tail(stop()));
            }
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Waits until the process has printed a line equal to {@code line} (a generator saying it sends,
     * a dispatcher that its runs are done);
     * fails with its output if it ends first or takes longer than {@code timeoutSeconds}.
     */
    void awaitLine(String line, long timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (output().lines().noneMatch(l -> l.strip().equals(line))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not print \"" + line + "\": " + tail(stop()) + " (log: " + log + ")");
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
    }

    /** Waits up to {@code seconds} for the process to end by itself; returns whether it did. */
    boolean awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    /** Stops the process if it still runs; returns everything it printed. */
    String stop() throws IOException, InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        return output();
    }

    private String output() throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }

    static String tail(String output) {
        String[] lines = output.strip().split("\n");
        return String.join(" / ", List.of(lines).subList(Math.max(0, lines.length - 3), lines.length));
    }
}
