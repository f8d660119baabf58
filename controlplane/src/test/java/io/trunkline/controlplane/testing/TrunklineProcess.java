package io.trunkline.controlplane.testing;

import io.trunkline.controlplane.cli.TrunklineCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code trunkline ARGS} in a fresh JVM, as bin/trunkline runs it (this JVM's flags and classpath),
 * with its output collected line by line as it comes: for the daemon and other long-running commands.
 */
public final class TrunklineProcess implements AutoCloseable {
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private TrunklineProcess(Process process) {
        this.process = process;
        this.reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // The process went away: what it printed is in the buffer.
            }
        });
    }

    /** The java command line of {@code trunkline args}. */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-javaagent") && !a.startsWith("-agentlib") && !a.startsWith("-Xmx")).toList());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TrunklineCommand.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** Starts {@code trunkline args}; stdout and stderr are collected together. */
    public static TrunklineProcess start(String... args) throws IOException {
        return start(command(args), "");
    }

    /** Starts {@code trunkline args} with {@code input} as its standard input (a pipe), e.g. lines for the shell. */
    public static TrunklineProcess startWithInput(String input, String... args) throws IOException {
        return start(command(args), input);
    }

    /** Starts {@code trunkline args} in the network namespace {@code namespace} ({@code ip netns exec} keeps the pid). */
    public static TrunklineProcess startIn(String namespace, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        command.addAll(command(args));
        return start(command, "");
    }

    /**
     * Starts {@code trunkline args} in the network namespace {@code namespace} as on a freshly installed machine: empty
     * /run, /dev/shm, /dev/hugepages (hugetlbfs) and, where they exist, /etc/trunkline and /var/lib/trunkline of its
     * own. {@code ip netns exec} gives the process a mount namespace whose mounts never reach the host, so the
     * daemon may use every default path, and what it leaves there goes away with it.
     */
    public static TrunklineProcess startOnFreshMachine(String namespace, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace, "sh", "-ec", """
                mount -t tmpfs tmpfs /run
                mount -t tmpfs tmpfs /dev/shm
                mount -t hugetlbfs hugetlbfs /dev/hugepages
                for d in /etc/trunkline /var/lib/trunkline; do if [ -d $d ]; then mount -t tmpfs tmpfs $d; fi; done
                exec "$@"
                """, "fresh-machine"));
        command.addAll(command(args));
        return start(command, "");
    }

    private static TrunklineProcess start(List<String> command, String input) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        return new TrunklineProcess(process);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Everything printed so far. */
    public String output() {
        return output.toString();
    }

    /** Waits until {@code condition} holds, failing with the output when the process ends or time runs out first. */
    public void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("process ended (exit " + process.exitValue() + ") before " + what + ":\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + limit + ":\n" + output());
            }
            Thread.sleep(20);
        }
    }

    /** Waits for a line containing {@code text}. */
    public void awaitOutput(String text, Duration limit) throws InterruptedException {
        await("\"" + text + "\" in the output", limit, () -> output.indexOf(text) >= 0);
    }

    /** Sends {@code signal} (HUP, TERM, KILL) to the process. */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid() + " failed");
        }
    }

    /** Waits for the process to end and returns its exit code (after its output is all read). */
    public int waitFor(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("process still running after " + limit + ":\n" + output());
        }
        reader.join(limit.toMillis());
        return process.exitValue();
    }

    /**
     * Stops the process if it still runs (tests' clean-up, also on failure): SIGTERM so that it removes
     * what it made, SIGKILL if it has not ended 30 s later.
     */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            process.waitFor(30, TimeUnit.SECONDS);
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
