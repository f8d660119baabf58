package io.trunkline.controlplane.replication.bench;

import io.trunkline.controlplane.FileTrees;
import io.trunkline.controlplane.replication.ClusterKey;
import io.trunkline.controlplane.replication.ReplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code make bench-replication}: two dispatcher processes ({@link BenchNode}) replicating over the real
 * transport (Aeron UDP on loopback), each with its Chronicle session table.
 * <p>
 * Each run starts a fresh pair and has three phases: a warm-up burst (not reported), a burst of
 * {@code --records} sessions offered as fast as the sender's queue takes them (records/s = sessions /
 * (last apply at the receiver - first insert at the sender)), then {@code --latency-records} at a fixed
 * {@code --rate} (insert-to-apply latency, p50/p99/max). Runs repeat; the figures are reported as
 * min/median/max, and the last line is {@code records_per_s=<median> p99_apply_us=<median>}: the saturated burst's
 * throughput and the paced phase's p99 (at saturation, latency only measures the queue in front of the receiver).
 * A snapshot run (unless {@code --snapshot-sessions 0}) preloads the sender's table, starts the receiver,
 * and times its snapshot from request to READY.
 */
@Command(name = "bench-replication", mixinStandardHelpOptions = true,
    description = "Replication throughput and insert-to-apply latency between two dispatcher processes on loopback.")
public final class ReplicationBench implements Callable<Integer> {
    @Option(names = "--runs", defaultValue = "3", description = "Process pairs started, one run each (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--records", defaultValue = "1000000", description = "Sessions of the throughput burst (default ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--warmup-records", defaultValue = "300000", description = "Sessions of the warm-up burst (default ${DEFAULT-VALUE}).")
    int warmupRecords;

    @Option(names = "--latency-records", defaultValue = "200000", description = "Sessions of the latency phase (default ${DEFAULT-VALUE}).")
    int latencyRecords;

    @Option(names = "--rate", defaultValue = "100000", description = "Sessions/s of the latency phase (default ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--snapshot-sessions", defaultValue = "1000000", description = "Sessions in the snapshot run; 0 skips it (default ${DEFAULT-VALUE}).")
    int snapshotSessions;

    @Option(names = "--mtu", defaultValue = "" + ReplicationContext.DEFAULT_MTU,
        description = "Path MTU batches are sized for, as replication.mtu (default ${DEFAULT-VALUE}: 1408-byte batches; "
            + "loopback allows up to 65535).")
    int mtu;

    @Option(names = "--flush-us", defaultValue = "20", description = "Flush delay in microseconds (default ${DEFAULT-VALUE}).")
    long flushMicros;

    @Option(names = "--appliers", defaultValue = "0",
        description = "Applier threads of the receiving replicator, keys split by Chronicle segment; 0 applies on the replicator's thread (default ${DEFAULT-VALUE}).")
    int appliers;

    @Option(names = "--heap", defaultValue = "512m", description = "-Xmx of each dispatcher process (default ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--jfr", description = "Directory for a Java Flight Recording of each process (profile settings).")
    Path jfrDirectory;

    @Option(names = "--work-dir", defaultValue = "/dev/shm", description = "Where tables, keys and Aeron directories go (default ${DEFAULT-VALUE}).")
    Path workRoot;

    private final List<NodeProcess> started = new ArrayList<>();
    private final List<Path> directories = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReplicationBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || records < 1 || latencyRecords < 1 || rate < 1 || warmupRecords < 0 || snapshotSessions < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--runs, --records, --latency-records and --rate must be positive");
        }
        if (mtu < ReplicationContext.MIN_MTU || mtu > ReplicationContext.MAX_MTU) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                "--mtu must be within " + ReplicationContext.MIN_MTU + ".." + ReplicationContext.MAX_MTU + ", got " + mtu);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::cleanUp));
        System.out.printf("replication bench: %d runs of two dispatcher processes over Aeron UDP on loopback; each run:"
                + " %d warm-up, %d as fast as the queue takes them, %d at %d/s; mtu %d (batch %d B), flush %d us, %d appliers%n",
            runs, warmupRecords, records, latencyRecords, rate, mtu, ReplicationContext.maxBatchLengthForMtu(mtu), flushMicros, appliers);
        final double[] throughput = new double[runs];
        final double[][] latency = new double[4][runs];
        for (int run = 0; run < runs; run++) {
            final RunResult result = throughputRun(run + 1);
            throughput[run] = result.recordsPerSecond;
            latency[0][run] = result.p50Micros;
            latency[1][run] = result.p99Micros;
            latency[2][run] = result.maxMicros;
            latency[3][run] = result.senderLateP99Micros;
            System.out.printf("  run %d  saturated: records_per_s=%.0f  paced at %d/s: insert-to-apply p50=%.0f us p99=%.0f us max=%.0f us"
                    + " (sender itself late p99=%.0f us)%n",
                run + 1, result.recordsPerSecond, rate, result.p50Micros, result.p99Micros, result.maxMicros, result.senderLateP99Micros);
        }
        System.out.println("  throughput at saturation (" + records + " sessions as fast as the queue takes them):");
        System.out.println("    records_per_s: " + summary(throughput, "%.0f"));
        System.out.println("  insert-to-apply latency at a fixed " + rate + " sessions/s (" + latencyRecords + " sessions):");
        System.out.println("    p50_apply_us:  " + summary(latency[0], "%.0f"));
        System.out.println("    p99_apply_us:  " + summary(latency[1], "%.0f"));
        System.out.println("    max_apply_us:  " + summary(latency[2], "%.0f"));
        System.out.println("    p99 of the sender's own lateness (its thread descheduled; counted in the latency above): "
            + summary(latency[3], "%.0f") + " us");
        if (snapshotSessions > 0) {
            System.out.println("  " + snapshotRun());
        }
        System.out.printf("records_per_s=%.0f p99_apply_us=%.0f%n", median(throughput), median(latency[1]));
        return 0;
    }

    private record RunResult(double recordsPerSecond, double p50Micros, double p99Micros, double maxMicros, double senderLateP99Micros) {
    }

    private RunResult throughputRun(int run) throws Exception {
        final Path directory = workDirectory();
        try {
            final int sessions = warmupRecords + records + latencyRecords;
            final int[] ports = {freeUdpPort(), freeUdpPort()};
            final NodeProcess receiver = start(directory, "receiver-" + run, 2, ports, sessions);
            final NodeProcess sender = start(directory, "sender-" + run, 1, ports, sessions);
            receiver.expect("started", 60);
            sender.expect("started", 60);
            sender.send("ready 60");
            sender.expect("ok", 70);
            receiver.send("ready 60");
            receiver.expect("ok", 70);
            if (warmupRecords > 0) {
                sender.ask("burst 0 " + warmupRecords, 300);
                awaitApplied(receiver, sender, "await 0 " + warmupRecords + " 120");
            }
            sender.ask("burst " + warmupRecords + " " + records, 300);
            final long[] burst = awaitApplied(receiver, sender, "await " + warmupRecords + " " + records + " 120");
            final int pacedFrom = warmupRecords + records;
            final String pacedAnswer = sender.ask("paced " + pacedFrom + " " + latencyRecords + " " + rate, 300);
            final long senderLateNs = Long.parseLong(pacedAnswer.substring(pacedAnswer.indexOf("late_p99_ns=") + "late_p99_ns=".length()));
            final long[] paced = awaitApplied(receiver, sender, "await " + pacedFrom + " " + latencyRecords + " 120");
            stopAll();
            return new RunResult(records * 1e9 / burst[0], paced[1] / 1e3, paced[2] / 1e3, paced[3] / 1e3, senderLateNs / 1e3);
        } finally {
            cleanUp();
        }
    }

    /** The receiver's figures for a phase; if it misses records, both sides' counters, to tell where they stopped. */
    private static long[] awaitApplied(NodeProcess receiver, NodeProcess sender, String command) throws InterruptedException {
        final String answer = receiver.ask(command, 130);
        if (!answer.startsWith("elapsed_ns=")) {
            throw new IllegalStateException(receiver.name() + ": " + answer + "; " + sender.name() + ": " + sender.ask("stats", 10));
        }
        return measured(answer);
    }

    /** Parses "elapsed_ns=.. p50_ns=.. p99_ns=.. max_ns=..". */
    private static long[] measured(String answer) {
        return Arrays.stream(answer.split(" ")).mapToLong(word -> Long.parseLong(word.substring(word.indexOf('=') + 1))).toArray();
    }

    private String snapshotRun() throws Exception {
        final Path directory = workDirectory();
        try {
            final int[] ports = {freeUdpPort(), freeUdpPort()};
            final NodeProcess sender = start(directory, "snapshot-sender", 1, ports, 1);
            sender.expect("started", 60);
            final String preload = sender.ask("preload " + snapshotSessions, 300);
            while (!sender.ask("readiness", 10).equals("READY")) {
                Thread.sleep(50);
            }
            sender.ask("cycle", 10);
            final NodeProcess receiver = start(directory, "snapshot-receiver", 2, ports, 1);
            receiver.expect("started", 60);
            final String snapshot = receiver.ask("await-snapshot 120", 130);
            if (!snapshot.startsWith("snapshot_ms=")) {
                throw new IllegalStateException("snapshot run failed: " + snapshot + " (see " + directory + ")");
            }
            final String cycle = sender.ask("cycle", 10);
            return "snapshot of " + snapshotSessions + " sessions (preloaded in " + preload.substring(3) + " ms): "
                + snapshot + " sender " + cycle;
        } finally {
            cleanUp();
        }
    }

    private NodeProcess start(Path directory, String name, int id, int[] ports, int sessions) throws IOException {
        final int self = id - 1;
        final int other = 1 - self;
        final List<String> options = new ArrayList<>();
        options.add("-Xmx" + heap);
        if (jfrDirectory != null) {
            Files.createDirectories(jfrDirectory);
            options.add("-XX:StartFlightRecording=settings=profile,filename=" + jfrDirectory.resolve(name + ".jfr"));
        }
        final List<String> args = List.of(
            "id=" + id,
            "port=" + ports[self],
            "peer=" + (other + 1) + "@127.0.0.1:" + ports[other],
            "key=" + keyFile(directory),
            "table=" + directory.resolve("sessions-" + id),
            "aeron=" + directory.resolve("aeron-" + id),
            "capacity=" + (Math.max(sessions, snapshotSessions) + 100_000L),
            "times=" + directory.resolve("send-times"),
            "sessions=" + sessions,
            "mtu=" + mtu,
            "flush-us=" + flushMicros,
            "appliers=" + appliers);
        final List<String> command = NodeProcess.javaCommand(
            option -> !option.startsWith("-Xmx") && !option.startsWith("-XX:StartFlightRecording"), options, BenchNode.class, args);
        final NodeProcess node = NodeProcess.start(name, command, directory.resolve(name + ".log"));
        started.add(node);
        return node;
    }

    private synchronized Path workDirectory() throws IOException {
        final Path directory = Files.createTempDirectory(workRoot, "trunkline-replbench-");
        directories.add(directory);
        return directory;
    }

    /** Stops the processes and deletes their tables and Aeron directories; also on Ctrl-C (shutdown hook). */
    private synchronized void cleanUp() {
        stopAll();
        for (Path directory : directories) {
            try {
                FileTrees.delete(directory);
            } catch (IOException e) {
                System.err.println("bench: could not delete " + directory + ": " + e.getMessage());
            }
        }
        directories.clear();
    }

    private synchronized void stopAll() {
        for (NodeProcess node : started) {
            node.send("exit");
        }
        for (NodeProcess node : started) {
            try {
                if (!node.awaitExit(10)) {
                    node.kill();
                    node.awaitExit(10);
                }
            } catch (InterruptedException e) {
                node.kill();
                Thread.currentThread().interrupt();
            }
        }
        started.clear();
    }

    private static Path keyFile(Path directory) throws IOException {
        final Path file = directory.resolve("cluster.key");
        return Files.exists(file) ? file : ClusterKey.writeNew(file);
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double median(double[] values) {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }

    private static String summary(double[] values, String format) {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return "min " + String.format(format, sorted[0]) + " median " + String.format(format, median(values))
            + " max " + String.format(format, sorted[sorted.length - 1]);
    }
}
