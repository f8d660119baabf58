package io.trunkline.controlplane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.controlplane.testing.TrunklineProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code trunkline bench host-services} as an operator runs it (in a network namespace of its own, for
 * its tap interface): a tiny established-flow scenario plain and with BFD and the exception path, both
 * forwarding, their ratio printed, the tap gone afterwards; a new-flow scenario refused in one line.
 */
class HostServicesBenchCommandTest {
    private static final Pattern RUN = Pattern.compile("^run 1 plain_mpps ([0-9.]+) host_services_mpps ([0-9.]+)$", Pattern.MULTILINE);

    @Test
    void measuresTheScenarioPlainAndWithHostServicesAndRemovesTheTap() throws Exception {
        String namespace = "tlhs-" + ProcessHandle.current().pid();
        ip("netns", "add", namespace);
        try (TrunklineProcess bench = TrunklineProcess.startIn(namespace, "bench", "host-services", "--scenario", "established-256",
                "--runs", "1", "--seconds", "1", "--tap", "tlhs0")) {
            assertEquals(0, bench.waitFor(Duration.ofSeconds(120)), bench.output());
            Matcher run = RUN.matcher(bench.output());
            assertTrue(run.find(), bench.output());
            assertTrue(Double.parseDouble(run.group(1)) > 0 && Double.parseDouble(run.group(2)) > 0, bench.output());
            assertTrue(bench.output().contains("with BFD (2 sessions) and the exception path: "), bench.output());
            assertTrue(bench.output().contains("ratio_host_services_vs_plain="), bench.output());
            assertFalse(ip("-n", namespace, "link", "show").contains("tlhs0"), "the tap interface is removed with its port");
        } finally {
            ip("netns", "delete", namespace);
        }
    }

    @Test
    void aNewFlowScenarioIsOneLine() throws Exception {
        CliRun run = CliRun.trunkline("bench", "host-services", "--scenario", "syn-storm");
        assertEquals(2, run.exit(), run.stdout() + run.stderr());
        assertTrue(run.stderr().startsWith("trunkline: needs an established-flow scenario"), run.stderr());
        run.assertNoStackTrace();
    }

    private static String ip(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "ip";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
        return output;
    }
}
