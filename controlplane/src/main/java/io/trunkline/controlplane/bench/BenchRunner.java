package io.trunkline.controlplane.bench;

import io.trunkline.controlplane.FileTrees;
import io.trunkline.fastpath.pcap.SyntheticTraffic;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs scenarios side by side with the baselines: for each, the scenario's capture is generated, a
 * generator chosen, then {@code dpdk-testpmd --forward-mode=io} and {@code --forward-mode=macswap}
 * forward it {@code runs} times each on the measured core, then the Trunkline dispatch worker does,
 * in a fresh process ({@code trunkline bench dispatch --scenario}) on the same core and port set-up.
 */
public final class BenchRunner {
    /** The baselines every scenario runs, by testpmd forwarding engine. */
    public static final List<String> BASELINES = List.of("io", "macswap");
    private static final long PROCESS_TIMEOUT_SECONDS = 300;

    /**
     * @param dispatcher the command line that starts {@code trunkline} (the bench appends {@code bench dispatch ...})
     */
    public record Settings(int runs, int seconds, int core, List<Generator> generators, List<String> dispatcher) {
        public Settings {
            if (runs < 1 || seconds < 1 || core < 1) {
                throw new IllegalArgumentException("--runs and --seconds must be >= 1 and --core >= 1 (core 0 runs the generators), not "
                        + runs + ", " + seconds + ", " + core);
            }
        }
    }

    /** One scenario's figures, or why it has none ({@code error} not null, every spread empty). */
    public record Result(Scenario scenario, String generator, Spread trunkline, List<Spread> baselines, Spread generatorMpps,
                         Latency latency, long sessionsOpened, long syncRecordsDropped, String dispatcherCommand, String error) {
        public Spread baseline(String engine) {
            return baselines.get(BASELINES.indexOf(engine));
        }

        static Result failed(Scenario scenario, String error) {
            Spread none = new Spread(new double[0]);
            return new Result(scenario, "", none, BASELINES.stream().map(b -> none).toList(), none, Latency.NONE, 0, 0, "", error);
        }
    }

    private final Settings settings;
    private final PrintWriter out;

    public BenchRunner(Settings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    /**
     * Runs every scenario; one that fails (a process that did not start or forwarded nothing, say on a
     * machine whose core is taken) is reported as failed and the others still run.
     */
    public List<Result> run(List<Scenario> scenarios) {
        List<Result> results = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            try {
                results.add(run(scenario));
            } catch (IllegalStateException | UncheckedIOException e) {
                out.printf("%s: FAILED: %s%n", scenario.name(), e.getMessage());
                out.flush();
                results.add(Result.failed(scenario, e.getMessage()));
            }
        }
        return results;
    }

    /** Runs one scenario in a scratch directory that is removed afterwards, failure or not. */
    public Result run(Scenario scenario) {
        Path work = null;
        try {
            work = Files.createTempDirectory("trunkline-bench-");
            return run(scenario, work);
        } catch (IOException e) {
            throw new UncheckedIOException("bench " + scenario.name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("bench " + scenario.name() + " interrupted", e);
        } finally {
            delete(work);
            removeRuntimeDirectories();
        }
    }

    /**
     * The runtime directories (/var/run/dpdk/PREFIX) of the generators and testpmd baselines this
     * process started: DPDK leaves them behind when a process is stopped by a signal.
     */
    static void removeRuntimeDirectories() {
        String suffix = "-" + ProcessHandle.current().pid();
        for (String tool : List.of("testpmd", "gen", "pktgen")) {
            delete(Path.of("/var/run/dpdk", "trunkline-bench-" + tool + suffix));
        }
    }

    private Result run(Scenario scenario, Path work) throws IOException, InterruptedException {
        Generator generator = Generator.choose(settings.generators(), scenario);
        Path capture = work.resolve(scenario.name() + ".pcap");
        SyntheticTraffic.write(capture, scenario.traffic());
        Path socket = work.resolve("memif.sock");
        out.printf("%s: %s; generator %s; %d runs of %d s on core %d%n", scenario.name(), scenario.shape(), generator.name(),
                settings.runs(), settings.seconds(), settings.core());
        out.flush();
        List<Spread> baselines = new ArrayList<>();
        for (String engine : BASELINES) {
            baselines.add(baseline(scenario, generator, engine, capture, socket, work));
        }
        Optional<Path> stoppedFile = generator.stoppedFile(work);
        List<String> dispatch = dispatchCommand(scenario, generator, capture, socket, stoppedFile);
        Generator.Running running = generator.start(scenario, capture, socket, work);
        String output;
        Generator.Generated generated = null;
        ChildProcess dispatcher = ChildProcess.start(dispatch, work.resolve("dispatch.log"), PROCESS_TIMEOUT_SECONDS + 10);
        try {
            if (stoppedFile.isPresent()) {
                // The dispatcher holds its connection after its runs until the generator has stopped.
                dispatcher.awaitLine(ScenarioDispatch.RUNS_DONE, PROCESS_TIMEOUT_SECONDS);
                generated = running.stop();
            }
            output = dispatcher.finish(PROCESS_TIMEOUT_SECONDS);
        } finally {
            dispatcher.stop();
            if (generated == null) {
                generated = running.stop();
            }
        }
        ScenarioDispatch.Run[] runs = ScenarioDispatch.Run.parse(output);
        if (runs.length == 0) {
            throw new IllegalStateException("bench dispatch printed no result: " + ChildProcess.tail(output));
        }
        Spread trunkline = new Spread(Arrays.stream(runs).mapToDouble(ScenarioDispatch.Run::mpps).toArray());
        for (ScenarioDispatch.Run r : runs) {
            out.printf(Locale.ROOT, "  run %d trunkline         %7.2f Mpps%n", r.run(), r.mpps());
        }
        ScenarioDispatch.Run last = runs[runs.length - 1];
        Result result = new Result(scenario, generator.name(), trunkline, baselines, new Spread(generated.mpps()), generated.latency(), last.sessions(),
                last.syncDropped(), "trunkline " + String.join(" ", dispatch.subList(dispatch.indexOf("bench"), dispatch.size())), null);
        out.printf(Locale.ROOT, "  %s: trunkline %.2f Mpps (min %.2f max %.2f), %.2f x testpmd io, %.2f x testpmd macswap%n",
                scenario.name(), trunkline.median(), trunkline.min(), trunkline.max(), trunkline.ratioTo(result.baseline("io")),
                trunkline.ratioTo(result.baseline("macswap")));
        if (!generated.latency().isEmpty()) {
            out.printf(Locale.ROOT, "  %s: latency through the dispatcher (%d probes) p50 %.1f us, p99 %.1f us, max %.1f us%n", scenario.name(),
                    generated.latency().samples(), generated.latency().micros(50), generated.latency().micros(99), generated.latency().micros(100));
        }
        out.flush();
        return result;
    }

    private Spread baseline(Scenario scenario, Generator generator, String engine, Path capture, Path socket, Path work)
            throws IOException, InterruptedException {
        double[] medians = new double[settings.runs()];
        long mbufs = scenario.traffic().packets() + 16384;
        for (int r = 0; r < settings.runs(); r++) {
            String output = testpmdRun(scenario, generator, engine, capture, socket, work, mbufs);
            double[] rates = Testpmd.rxMpps(output, 1);
            if (rates.length == 0) {
                out.printf("  run %d testpmd %-9s forwarded nothing; once more%n", r + 1, engine);
                output = testpmdRun(scenario, generator, engine, capture, socket, work, mbufs);
                rates = Testpmd.rxMpps(output, 1);
            }
            if (rates.length == 0) {
                throw new IllegalStateException("dpdk-testpmd --forward-mode=" + engine + " forwarded nothing twice: " + ChildProcess.tail(output));
            }
            medians[r] = ScenarioDispatch.median(rates);
            out.printf(Locale.ROOT, "  run %d testpmd %-9s %7.2f Mpps%n", r + 1, engine, medians[r]);
            out.flush();
        }
        return new Spread(medians);
    }

    /** One testpmd run, stopped once it printed a rate for each measured second (or timed out): its output. */
    private String testpmdRun(Scenario scenario, Generator generator, String engine, Path capture, Path socket, Path work, long mbufs)
            throws IOException, InterruptedException {
        List<String> command = Testpmd.forwarder(engine, generator.baselineVdev(capture, socket), mbufs, scenario.traffic().maxFrameSize(),
                settings.core(), "trunkline-bench-testpmd-" + ProcessHandle.current().pid());
        Generator.Running running = generator.start(scenario, capture, socket, work);
        try {
            // One second more than measured: the first second is left out.
            return ChildProcess.runUntil(command, work.resolve("testpmd-" + engine + ".log"),
                    o -> Testpmd.rxMpps(o, 1).length >= settings.seconds(), settings.seconds() + PROCESS_TIMEOUT_SECONDS / 10);
        } finally {
            running.stop();
        }
    }

    private List<String> dispatchCommand(Scenario scenario, Generator generator, Path capture, Path socket, Optional<Path> stoppedFile) {
        List<String> command = new ArrayList<>(settings.dispatcher());
        command.addAll(List.of("bench", "dispatch", "--scenario", scenario.name()));
        command.addAll(generator.dispatcherOptions(capture, socket));
        stoppedFile.ifPresent(file -> command.addAll(List.of("--hold-until", file.toString())));
        command.addAll(List.of("--lcore", Integer.toString(settings.core()), "--runs", Integer.toString(settings.runs()),
                "--seconds", Integer.toString(settings.seconds())));
        return command;
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the bench's scratch directory " + dir, e);
        }
    }
}
