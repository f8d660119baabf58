package io.trunkline.controlplane.bench;

import io.trunkline.fastpath.forward.DispatchReplay;
import io.trunkline.fastpath.forward.ReplayForwarding;
import io.trunkline.fastpath.forward.ReplayForwarding.Sampling;
import io.trunkline.fastpath.forward.ReplayForwarding.Source;
import io.trunkline.fastpath.pcap.SyntheticTraffic;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
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
    private static final long NEW_FLOW_SAMPLE_NANOS = 100_000_000L;
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

    /** Runs the scenario from {@code source}: its replayed capture, or a generator's device. */
    public void run(Source source, int runs, int seconds) {
        warmUp(source);
        for (int r = 1; r <= runs; r++) {
            try (DispatchReplay dispatch = new DispatchReplay(scenario.setup())) {
                double[] samples = ReplayForwarding.run(source, sampling(seconds), dispatch::engine, this::print).mppsPerSample();
                double[] kept = Arrays.copyOfRange(samples, Math.min(samples.length, skipped()), samples.length);
                out.printf(Locale.ROOT, "run %d mpps %.3f samples %d sessions %d sync_dropped %d%n", r, median(kept), kept.length,
                        dispatch.sessionsOpened(), dispatch.syncRecordsDropped());
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the bench's files in /dev/shm", e);
            }
        }
    }

    /** Compiles the hot path before anything is measured: a pass over flows the measured runs never see. */
    private void warmUp(Source measured) {
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
                ReplayForwarding.run(measured, Sampling.seconds(SETTLE_SECONDS), dispatch::engine, mpps -> { });
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
