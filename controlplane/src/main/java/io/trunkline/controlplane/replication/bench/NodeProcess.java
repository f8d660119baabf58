package io.trunkline.controlplane.replication.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A dispatcher process reduced to a line protocol ({@link BenchNode}, the cluster test's node): one command a
 * line on its stdin, each answer a line on its stdout prefixed {@code "> "}; anything else on stdout is a library
 * talking and is skipped. A platform thread reads stdout into a queue, so that an answer waits there for the
 * caller's next {@link #next}. The process's stderr goes to a log file, whose last lines name what went wrong
 * when an answer does not come.
 */
public final class NodeProcess {
    private static final int TAIL_LINES = 5;

    private final String name;
    private final Path log;
    private final Process process;
    private final PrintWriter in;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

    private NodeProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        final BufferedReader out = process.inputReader(StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().start(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("> ")) {
                        answers.add(line.substring(2));
                    }
                }
            } catch (IOException ignored) {
                // the process went away; the next answer times out naming it
            }
        });
    }

    /**
     * Starts {@code command}, its stderr going to {@code log}.
     *
     * @param name what messages call the node
     */
    public static NodeProcess start(String name, List<String> command, Path log) throws IOException {
        return new NodeProcess(name, log, new ProcessBuilder(command).redirectError(log.toFile()).start());
    }

    /**
     * The command that runs {@code main} in a JVM like this one: the same java, class path and those of this JVM's
     * options {@code inherited} keeps, then {@code options}, then {@code args}.
     */
    public static List<String> javaCommand(Predicate<String> inherited, List<String> options, Class<?> main, List<String> args) {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(inherited).toList());
        command.addAll(options);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        return command;
    }

    public String name() {
        return name;
    }

    /** Sends one command line, not waiting for its answer. */
    public void send(String command) {
        in.println(command);
    }

    /**
     * The next answer, waiting up to {@code timeoutSeconds} for it.
     *
     * @throws IllegalStateException naming the node and its log's last lines if none comes in time
     */
    public String next(long timeoutSeconds) throws InterruptedException {
        final String answer = answers.poll(timeoutSeconds, TimeUnit.SECONDS);
        if (answer == null) {
            throw new IllegalStateException(name + " did not answer within " + timeoutSeconds + " s: " + tail() + " (log " + log + ")");
        }
        return answer;
    }

    /** Sends {@code command} and waits up to {@code timeoutSeconds} for its answer. */
    public String ask(String command, long timeoutSeconds) throws InterruptedException {
        send(command);
        return next(timeoutSeconds);
    }

    /**
     * Waits up to {@code timeoutSeconds} for the next answer, which must be {@code answer}.
     *
     * @throws IllegalStateException naming the node and what it answered instead
     */
    public void expect(String answer, long timeoutSeconds) throws InterruptedException {
        final String got = next(timeoutSeconds);
        if (!got.equals(answer)) {
            throw new IllegalStateException(name + " answered '" + got + "' instead of '" + answer + "'");
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code seconds} for the process to end; returns whether it did. */
    public boolean awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    /** SIGKILL, not waiting for the process to end. */
    public void kill() {
        process.destroyForcibly();
    }

    private String tail() {
        try {
            final List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log " + log + ")";
        }
    }
}
