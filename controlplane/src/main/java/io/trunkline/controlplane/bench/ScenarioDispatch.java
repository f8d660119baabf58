package io.trunkline.controlplane.bench;

import io.trunkline.fastpath.forward.DispatchReplay;
import io.trunkline.fastpath.forward.PortForwarder;
import io.trunkline.fastpath.forward.ReplayEngine;
import io.trunkline.fastpath.forward.ReplayForwarding;
import io.trunkline.fastpath.forward.ReplayForwarding.Sampling;
import io.trunkline.fastpath.forward.ReplayForwarding.Source;
import io.trunkline.fastpath.pcap.SyntheticTraffic;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dispatcher's side of a scenario, in the process that owns the EAL on the measured core: a
 * warm-up, then {@code runs} measured runs, each with a fresh session table. Established flows are
 * sampled each second for {@code seconds} after {@link #SETTLE_SECONDS} (the pass that opens the
 * sessions); new-flow scenarios are sampled every 100 ms over one pass of a capture of distinct flows,
 * the first sample left out. Prints each sample and one {@link #RUN_LINE} per run.
 */
public final class ScenarioDispatch {
    /** Seconds of each established-flow run left out of its median: the sessions open in the first pass. */
    public static final int SETTLE_SECONDS = 2;
    /** How a run's result is printed and read back: {@code run 1 mpps 11.23 samples 3 sessions 16384 sync_dropped 0}. */
    public static final Pattern RUN_LINE = Pattern.compile("^run (\\d+) mpps ([0-9.]+) samples (\\d+) sessions (\\d+) sync_dropped (\\d+)$",
            Pattern.MULTILINE);
    /** What {@code bench dispatch --hold-until} prints once its runs are done and it holds the generator's connection. */
    public static final String RUNS_DONE = "runs_done";
    private static final long NEW_FLOW_SAMPLE_NANOS = 100_000_000L;
    /** The longest a held connection waits for the generator to stop and then to leave. */
    private static final long HOLD_NANOS = 30_000_000_000L;
    private static final long HOLD_CHECK_NANOS = 10_000_000L;
    /** Receive polls between two looks for the generator's file: a look is a system call. */
    private static final int HOLD_POLLS_BETWEEN_CHECKS = 1024;
    private static final int NEW_FLOW_MAX_SECONDS = 60;

    private final Scenario scenario;
    private final PrintWriter out;

    public ScenarioDispatch(Scenario scenario, PrintWriter out) {
        this.scenario = scenario;
        this.out = out;
    }

    /** One measured run as printed. */
    public record Run(int run, double mpps, int samples, long sessions, long syncDropped) {
        /** The runs printed in {@code output}. */
        public static Run[] parse(CharSequence output) {
            Matcher m = RUN_LINE.matcher(output);
            return m.results().map(r -> new Run(Integer.parseInt(r.group(1)), Double.parseDouble(r.group(2)),
                    Integer.parseInt(r.group(3)), Long.parseLong(r.group(4)), Long.parseLong(r.group(5)))).toArray(Run[]::new);
        }
    }

    /** The scenario's capture replayed in this process. */
    public Source replay(Path capture) {
        return Source.capture(capture, scenario.traffic().packets(), scenario.traffic().maxFrameSize());
    }

    /** Runs the scenario from its replayed capture: each run replays it from the start. */
    public void run(Source capture, int runs, int seconds) {
        measure((sampling, factory, perSample) -> ReplayForwarding.run(capture, sampling, factory, perSample), runs, seconds);
    }

    /**
     * Runs the scenario from a generator's device, connected once for the warm-up and every run. With
     * {@code holdUntil}, the connection is then held (see {@link #hold}) so that the generator can stop
     * first; without, it closes at once.
     */
    public void runLive(Source generator, int runs, int seconds, Path holdUntil) {
        try (ReplayForwarding.Port port = ReplayForwarding.Port.open(generator)) {
            measure(port::run, runs, seconds);
            if (holdUntil != null) {
                hold(port, holdUntil);
            }
        }
    }

    /** What forwards a run: a port kept open, or a capture replayed from the start each time. */
    @FunctionalInterface
    private interface Forwarding {
        ReplayForwarding.Result run(Sampling sampling, ReplayEngine.Factory factory, DoubleConsumer perSample);
    }

    private void measure(Forwarding forwarding, int runs, int seconds) {
        warmUp(forwarding);
        for (int r = 1; r <= runs; r++) {
            try (DispatchReplay dispatch = new DispatchReplay(scenario.setup())) {
                double[] samples = forwarding.run(sampling(seconds), dispatch::engine, this::print).mppsPerSample();
                double[] kept = Arrays.copyOfRange(samples, Math.min(samples.length, skipped()), samples.length);
                out.printf(Locale.ROOT, "run %d mpps %.3f samples %d sessions %d sync_dropped %d%n", r, median(kept), kept.length,
                        dispatch.sessionsOpened(), dispatch.syncRecordsDropped());
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the bench's files in /dev/shm", e);
            }
        }
    }

    /**
     * After the runs: prints {@link #RUNS_DONE}, forwards frames back as they are (no measurement) until
     * {@code stopped} exists (the generator has stopped sending and written what it measured), then
     * stops polling and waits for the generator to leave before closing the connection. net_memif
     * (DPDK 22.11) unmaps the shared rings when the peer leaves, under the feet of a thread still
     * polling them: neither side may leave while the other polls.
     */
    private void hold(ReplayForwarding.Port port, Path stopped) {
        out.println(RUNS_DONE);
        out.flush();
        long deadline = System.nanoTime() + HOLD_NANOS;
        try (Arena arena = Arena.ofConfined()) {
            PortForwarder echo = new PortForwarder(port.id(), 0, port.id(), 0, PortForwarder.Mode.IO, arena);
            while (!Files.exists(stopped) && System.nanoTime() < deadline) {
                for (int i = 0; i < HOLD_POLLS_BETWEEN_CHECKS; i++) {
                    echo.doWork();
                }
            }
        }
        while (port.linkUp() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(HOLD_CHECK_NANOS);
        }
    }

    /** Compiles the hot path before anything is measured: a pass over flows the measured runs never see. */
    private void warmUp(Forwarding measured) {
        out.println("warm-up");
        try (DispatchReplay dispatch = new DispatchReplay(scenario.setup())) {
            if (scenario.measuresNewFlows()) {
                Path file = Files.createTempFile("trunkline-warmup-", ".pcap");
                try {
                    long packets = SyntheticTraffic.write(file, scenario.warmUpTraffic());
                    ReplayForwarding.run(Source.capture(file, packets, scenario.traffic().maxFrameSize()),
                            new Sampling(NEW_FLOW_SAMPLE_NANOS, NEW_FLOW_MAX_SECONDS * 10, packets), dispatch::engine, mpps -> { });
                } finally {
                    Files.deleteIfExists(file);
                }
            } else {
                measured.run(Sampling.seconds(SETTLE_SECONDS), dispatch::engine, mpps -> { });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write or remove the warm-up capture in " + System.getProperty("java.io.tmpdir"), e);
        }
    }

    private Sampling sampling(int seconds) {
        if (scenario.measuresNewFlows()) {
            return new Sampling(NEW_FLOW_SAMPLE_NANOS, NEW_FLOW_MAX_SECONDS * 10, scenario.traffic().packets());
        }
        return Sampling.seconds(seconds + SETTLE_SECONDS);
    }

    private int skipped() {
        return scenario.measuresNewFlows() ? 1 : SETTLE_SECONDS;
    }

    private void print(double mpps) {
        out.printf(Locale.ROOT, "  %.2f Mpps%n", mpps);
        out.flush();
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }
}
