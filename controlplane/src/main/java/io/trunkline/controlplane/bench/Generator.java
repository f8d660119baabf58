package io.trunkline.controlplane.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a scenario's traffic comes from. The bench takes the first generator, in the order
 * Pktgen-DPDK, dpdk-testpmd, in-process replay, that is installed and can make the scenario's traffic.
 * A generator in another process serves a net_memif socket; the dispatcher and the baselines connect
 * to it with the same client port, on the same core.
 */
public sealed interface Generator permits ReplayGenerator, TestpmdGenerator, PktgenGenerator {
    /** The name the report gives it. */
    String name();

    /** Whether its binary is on this machine. */
    boolean installed();

    /** Whether it can make {@code scenario}'s traffic. */
    boolean supports(Scenario scenario);

    /** The device the baselines forward on. */
    String baselineVdev(Path capture, Path socket);

    /** The options of {@code trunkline bench dispatch} that connect the dispatcher to it. */
    List<String> dispatcherOptions(Path capture, Path socket);

    /**
     * The file it creates once asked to stop and no longer sending, before it leaves, when the
     * dispatcher must hold its connection until then ({@code bench dispatch --hold-until}): Pktgen's
     * net_memif server crashes when its client leaves while it sends, and writes its latency samples
     * only when it stops. Empty when the dispatcher may leave at any time.
     */
    Optional<Path> stoppedFile(Path work);

    /** Starts it for one measurement (nothing to start for the in-process replay). */
    Running start(Scenario scenario, Path capture, Path socket, Path work) throws IOException, InterruptedException;

    /** A started generator. */
    @FunctionalInterface
    interface Running {
        /** Stops it; returns what it says it sent and measured. */
        Generated stop() throws IOException, InterruptedException;
    }

    /**
     * What a generator says about a measurement.
     *
     * @param mpps    what it sent each second, Mpps (empty when it does not say)
     * @param latency the round trips of its probes (empty when it does not measure them)
     */
    record Generated(double[] mpps, Latency latency) {
        public Generated {
            mpps = mpps.clone();
        }

        /** Rates only: a generator that measures no latency. */
        static Generated rates(double[] mpps) {
            return new Generated(mpps, Latency.NONE);
        }
    }

    /** The generators in the order of preference, {@code PKTGEN} naming Pktgen's binary if set. */
    static List<Generator> preferred() {
        return List.of(new PktgenGenerator(PktgenGenerator.configuredBinary()), new TestpmdGenerator(), new ReplayGenerator());
    }

    /** The first installed generator that supports {@code scenario} among {@code candidates}. */
    static Generator choose(List<Generator> candidates, Scenario scenario) {
        return candidates.stream().filter(g -> g.installed() && g.supports(scenario)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no installed generator can make " + scenario.name() + " ("
                        + String.join(", ", candidates.stream().map(Generator::name).toList()) + " tried)"));
    }

    /** Whether {@code binary} (a path, or a name looked up on PATH) can be run. */
    static boolean onPath(String binary) {
        if (binary.contains("/")) {
            return Path.of(binary).toFile().canExecute();
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Path.of(dir, binary).toFile().canExecute()) {
                return true;
            }
        }
        return false;
    }
}
