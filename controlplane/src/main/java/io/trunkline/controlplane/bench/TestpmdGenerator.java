package io.trunkline.controlplane.bench;

import io.trunkline.fastpath.pcap.SyntheticTraffic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * dpdk-testpmd in txonly mode in a second process on core 0, serving a net_memif socket. txonly
 * with {@code --txonly-multi-flow} makes 256 UDP IPv4 flows (it varies the source address only) and
 * flowgen varies the destination address, which no VIP accepts: so testpmd makes the 256-flow UDP
 * scenarios and the others fall to the next generator.
 */
public record TestpmdGenerator() implements Generator {
    /** Flows txonly makes: one per value of the source address's third byte. */
    public static final int FLOWS = 256;
    private static final long STARTUP_SECONDS = 30;
    /** Longer than any one measurement it serves (a dispatcher process of several runs). */
    private static final long LIFETIME_SECONDS = 600;

    @Override
    public String name() {
        return "testpmd-txonly";
    }

    @Override
    public boolean installed() {
        return Generator.onPath(Testpmd.BINARY);
    }

    @Override
    public boolean supports(Scenario scenario) {
        return scenario.traffic().pattern() == SyntheticTraffic.Pattern.UDP && scenario.traffic().family() == SyntheticTraffic.Family.IPV4
                && scenario.traffic().flows() == FLOWS;
    }

    @Override
    public String baselineVdev(Path capture, Path socket) {
        return Testpmd.memifVdev(socket);
    }

    @Override
    public List<String> dispatcherOptions(Path capture, Path socket) {
        return List.of("--memif", socket.toString());
    }

    @Override
    public Optional<Path> stoppedFile(Path work) {
        return Optional.empty();
    }

    @Override
    public Running start(Scenario scenario, Path capture, Path socket, Path work) throws IOException, InterruptedException {
        Files.deleteIfExists(socket);
        ChildProcess generator = ChildProcess.start(Testpmd.txonlyGenerator(socket, scenario.traffic().frameSize(),
                "trunkline-bench-gen-" + ProcessHandle.current().pid()), work.resolve("testpmd-txonly.log"), LIFETIME_SECONDS);
        generator.awaitFile(socket, STARTUP_SECONDS);
        return () -> Generated.rates(Testpmd.txMpps(generator.stop(), 1));
    }
}
