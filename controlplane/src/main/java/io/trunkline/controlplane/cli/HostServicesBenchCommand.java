package io.trunkline.controlplane.cli;

import io.trunkline.bindings.dpdk.Eal;
import io.trunkline.controlplane.bench.HostServicesBench;
import io.trunkline.controlplane.bench.Scenario;
import io.trunkline.controlplane.bench.ScenarioDispatch;
import io.trunkline.controlplane.bench.Scenarios;
import io.trunkline.fastpath.pcap.SyntheticTraffic;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trunkline bench host-services}: an established-flow scenario's VIP throughput on one core,
 * alternately plain and with the host services of the worker of queue 0 (BFD sessions, the kernel
 * exception path over net_tap), and their ratio. Creates a tap interface: run it as root, in a
 * network namespace of its own ({@code bench/run-host-services} does).
 */
@Command(name = "host-services", description = "VIP throughput with and without BFD and the kernel exception path on the worker, and their ratio.")
final class HostServicesBenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenario", defaultValue = "established-16k", description = "The established-flow scenario (default ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--runs", defaultValue = "3", description = "Runs of each, alternating (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--seconds", defaultValue = "2", description = "Measured seconds of each run (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--lcore", defaultValue = "1", description = "The core to forward on (default ${DEFAULT-VALUE}).")
    int lcore;

    @Option(names = "--tap", defaultValue = "tlbench0", description = "The exception path's kernel interface (default ${DEFAULT-VALUE}).")
    String tap;

    @Override
    public void run() {
        Scenario chosen = Scenarios.named(scenario);
        if (chosen.measuresNewFlows() || runs < 1 || seconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "needs an established-flow scenario, --runs >= 1 and --seconds >= 1 (not "
                    + scenario + ", " + runs + ", " + seconds + ")");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path capture = null;
        try {
            capture = Files.createTempFile("trunkline-host-services-", ".pcap");
            SyntheticTraffic.write(capture, chosen.traffic());
            out.printf("trunkline bench host-services: scenario %s (%s), lcore %d, exception path %s%n", chosen.name(), chosen.shape(), lcore, tap);
            out.flush();
            ReplayRun.startEal(lcore, "bench");
            HostServicesBench.Result result;
            try (HostServicesBench bench = HostServicesBench.open(tap)) {
                result = bench.run(chosen, new ScenarioDispatch(chosen, out).replay(capture), runs, seconds, out);
            } finally {
                Eal.cleanup();
            }
            out.printf(Locale.ROOT, "plain: %.2f Mpps (min %.2f max %.2f); with BFD (%d sessions) and the exception path: %.2f Mpps (min %.2f max %.2f)%n",
                    result.plain().median(), result.plain().min(), result.plain().max(), result.bfdSessions(),
                    result.withHostServices().median(), result.withHostServices().min(), result.withHostServices().max());
            out.printf(Locale.ROOT, "ratio_host_services_vs_plain=%.3f%n", result.ratio());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("host-services bench: " + e.getMessage(), e);
        } finally {
            if (capture != null) {
                capture.toFile().delete();
            }
        }
    }
}
