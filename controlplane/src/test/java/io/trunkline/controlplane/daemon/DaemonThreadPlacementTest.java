package io.trunkline.controlplane.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trunkline.controlplane.testing.TrunklineProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trunkline run} places its threads as docs/daemon.md says: each poll-mode worker pinned to its lcore's CPU,
 * every other thread (replication, health checks, the Aeron driver, BFD and neighbour timers, the admin and metrics
 * servers) free to run on any CPU the process may use. The EAL pins the thread that initialises it to the main
 * lcore, and Java threads inherit their creator's CPUs: unchecked, all control threads share one core, where on two
 * cores they starved each other and every other process of the machine (docs/lab.md, "Stalls").
 */
class DaemonThreadPlacementTest {
    @TempDir
    Path dir;
    private TestDispatcher dispatcher;

    @AfterEach
    void cleanUp() throws Exception {
        if (dispatcher != null) {
            dispatcher.deleteFiles();
        }
    }

    @Test
    void onlyTheWorkersArePinned() throws Exception {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "pinning shows only on a machine with two CPUs or more");
        dispatcher = new TestDispatcher(1, dir);
        dispatcher.lcores = "[1]";
        try (TrunklineProcess daemon = TrunklineProcess.start("run", "--config", dispatcher.writeConfig().toString())) {
            daemon.awaitOutput("started node=" + dispatcher.node, DaemonTest.START);
            String processCpus = cpus(Path.of("/proc", Long.toString(daemon.pid())));
            List<String> threads = threadCpus(daemon.pid());
            assertTrue(threads.contains("dispatch-worker 1"), "the worker runs on lcore 1's CPU only: " + threads);
            List<String> confined = threads.stream().filter(t -> !t.startsWith("dispatch-worker") && !t.startsWith("eal-intr"))
                    .filter(t -> !t.endsWith(" " + processCpus)).toList();
            assertEquals(List.of(), confined, "threads confined to fewer CPUs than the process's " + processCpus);
            assertTrue(threads.stream().anyMatch(t -> t.startsWith("[health-checker")), "the control thread is among them: " + threads);
        }
    }

    /** Each thread as {@code NAME CPUS}: its name as the kernel keeps it (15 characters) and its {@code Cpus_allowed_list}. */
    private static List<String> threadCpus(long pid) throws IOException {
        List<String> threads = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                threads.add(Files.readString(task.resolve("comm")).strip() + " " + cpus(task));
            }
        }
        return threads;
    }

    private static String cpus(Path task) throws IOException {
        return Files.readAllLines(task.resolve("status")).stream().filter(l -> l.startsWith("Cpus_allowed_list:"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElseThrow();
    }
}
