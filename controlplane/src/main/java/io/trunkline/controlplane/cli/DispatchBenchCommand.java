package io.trunkline.controlplane.cli;

import io.trunkline.bindings.dpdk.Eal;
import io.trunkline.controlplane.bench.Scenario;
import io.trunkline.controlplane.bench.ScenarioDispatch;
import io.trunkline.controlplane.bench.Scenarios;
import io.trunkline.fastpath.forward.DispatchReplay;
import io.trunkline.fastpath.forward.ReplayForwarding.Source;
import io.trunkline.fastpath.pcap.SyntheticTraffic;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trunkline bench dispatch}: the dispatcher's own worker on one core. Without a scenario, the
 * synthetic capture's flows (UDP to the VIP 198.19.0.1:80, DSR over four backends by Maglev) replay
 * forever: the first pass opens a session per flow in a fresh session table, later passes are
 * established flows served by the flow cache; it prints Mpps each second, as {@code demo} does. With
 * {@code --scenario}, it runs that bench scenario's warm-up and measured runs ({@code bench run} starts
 * it so), from the scenario's capture or a generator's device.
 */
@Command(name = "dispatch", description = "Replay a capture through the dispatch worker (sessions, flow cache, Maglev, DSR) and print Mpps.")
final class DispatchBenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ReplayOptions options;

    @Option(names = "--scenario", description = "Run this bench scenario (see bench list) instead of the plain UDP replay.")
    String scenario;

    @Option(names = "--runs", defaultValue = "1", description = "Measured runs of the scenario, each with a fresh session table (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--memif", description = "Take the scenario's traffic from a generator serving this net_memif socket.")
    Path memif;

    @Option(names = "--vdev", description = "Take the scenario's traffic from this DPDK virtual device (name,args as for --vdev).")
    String vdev;

    @Option(names = "--hold-until", description = "With --memif or --vdev: after the runs, print runs_done and hold the generator's "
            + "connection until this file exists (the generator stopped sending), then until the generator leaves.")
    Path holdUntil;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        if (scenario != null) {
            runScenario(out, Scenarios.named(scenario));
            return;
        }
        Path replay = options.replay();
        ReplayRun.startEal(options.lcore, "bench");
        try (DispatchReplay dispatch = new DispatchReplay(options.flows)) {
            out.printf("trunkline bench dispatch: %d flows of %d-byte UDP frames to a DSR VIP over %d backends, lcore %d%n",
                    options.flows, options.frameSize, DispatchReplay.BACKENDS, options.lcore);
            ReplayRun.run(out, replay, options, dispatch::engine);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the bench's files in /dev/shm", e);
        }
        Eal.cleanup();
    }

    private void runScenario(PrintWriter out, Scenario chosen) {
        ScenarioDispatch dispatch = new ScenarioDispatch(chosen, out);
        int generatorFrame = chosen.traffic().maxFrameSize();
        Source generator = memif != null ? Source.memif(memif, generatorFrame) : vdev != null ? Source.vdev(vdev, generatorFrame) : null;
        if (holdUntil != null && generator == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--hold-until holds a generator's connection: give --memif or --vdev");
        }
        Path generated = null;
        try {
            Source capture = null;
            if (generator == null && options.capture != null) {
                capture = dispatch.replay(options.replay());
            } else if (generator == null) {
                generated = Files.createTempFile("trunkline-scenario-", ".pcap");
                SyntheticTraffic.write(generated, chosen.traffic());
                capture = dispatch.replay(generated);
            }
            out.printf("trunkline bench dispatch: scenario %s (%s), lcore %d%n", chosen.name(), chosen.shape(), options.lcore);
            ReplayRun.startEal(options.lcore, "bench");
            if (generator != null) {
                dispatch.runLive(generator, runs, options.seconds, holdUntil);
            } else {
                dispatch.run(capture, runs, options.seconds);
            }
            Eal.cleanup();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the scenario's capture in " + System.getProperty("java.io.tmpdir"), e);
        } finally {
            if (generated != null) {
                generated.toFile().delete();
            }
        }
    }
}
