package io.trunkline.controlplane.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.controlplane.testing.TrunklineProcess;
import io.trunkline.fastpath.pcap.SyntheticTraffic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench dispatch --memif SOCKET --hold-until FILE}, the dispatcher's half of the hand-over a
 * generator like Pktgen needs (its net_memif server crashes when the client leaves while it sends):
 * a real dispatcher against dpdk-testpmd txonly serving the socket. After its runs the dispatcher
 * says so and keeps the connection; it leaves only once the generator said it stopped and then went.
 */
class DispatchHoldTest {
    @TempDir
    Path work;

    @Test
    void holdsTheGeneratorsConnectionUntilTheGeneratorStoppedAndLeft() throws Exception {
        Scenario scenario = Scenarios.named("established-256");
        Path capture = work.resolve("unused.pcap");
        Path socket = work.resolve("memif.sock");
        Path stopped = work.resolve("generator.stopped");
        SyntheticTraffic.write(capture, scenario.traffic());
        Generator.Running generator = new TestpmdGenerator().start(scenario, capture, socket, work);
        try (TrunklineProcess dispatcher = TrunklineProcess.start("bench", "dispatch", "--scenario", scenario.name(), "--memif",
                socket.toString(), "--hold-until", stopped.toString(), "--lcore", "1", "--runs", "1", "--seconds", "1")) {
            try {
                dispatcher.awaitOutput(ScenarioDispatch.RUNS_DONE, Duration.ofSeconds(60));
                assertTrue(dispatcher.isAlive(), "holds the connection after its runs: " + dispatcher.output());

                Files.writeString(stopped, "stopped\n");
                generator.stop();
                generator = null;
                assertEquals(0, dispatcher.waitFor(Duration.ofSeconds(40)), dispatcher.output());
            } finally {
                if (generator != null) {
                    generator.stop();
                }
                BenchRunner.removeRuntimeDirectories(); // testpmd stopped by a signal leaves its /var/run/dpdk directory
            }
            ScenarioDispatch.Run[] runs = ScenarioDispatch.Run.parse(dispatcher.output());
            assertEquals(1, runs.length, dispatcher.output());
            assertTrue(runs[0].mpps() > 0, dispatcher.output());
            assertEquals(TestpmdGenerator.FLOWS, runs[0].sessions(), dispatcher.output());
        }
    }

    @Test
    void holdingWithoutAGeneratorIsOneLine() throws Exception {
        try (TrunklineProcess dispatcher = TrunklineProcess.start("bench", "dispatch", "--scenario", "established-256", "--hold-until",
                work.resolve("x").toString())) {
            assertEquals(2, dispatcher.waitFor(Duration.ofSeconds(30)), dispatcher.output());
            assertTrue(dispatcher.output().contains("--hold-until holds a generator's connection: give --memif or --vdev"), dispatcher.output());
        }
    }
}
