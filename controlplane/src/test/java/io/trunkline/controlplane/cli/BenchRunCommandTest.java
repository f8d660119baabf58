package io.trunkline.controlplane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.controlplane.bench.Scenario;
import io.trunkline.controlplane.bench.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The bench scenario runner as an operator runs it, so the bench code cannot rot: a tiny scenario
 * end to end (testpmd io and macswap, then the dispatch worker, on the in-process replay), its
 * report.json read back; the scenario list; a mistyped scenario.
 */
class BenchRunCommandTest {
    @TempDir
    Path out;

    @Test
    void tinyScenarioRunsAgainstBothBaselinesAndWritesTheReport() throws Exception {
        CliRun run = CliRun.trunkline("bench", "run", "established-256", "--generator", "replay", "--runs", "1", "--seconds", "1",
                "--out", out.toString());
        assertEquals(0, run.exit(), run.stdout() + run.stderr());
        assertTrue(run.stdout().contains("run 1 testpmd io"), run.stdout());
        assertTrue(run.stdout().contains("run 1 testpmd macswap"), run.stdout());

        @SuppressWarnings("unchecked")
        Map<String, Object> report = new Yaml().load(Files.readString(out.resolve("report.json")));
        assertTrue(report.get("command").toString().startsWith("trunkline bench run established-256"));
        @SuppressWarnings("unchecked")
        Map<String, Object> scenario = ((List<Map<String, Object>>) report.get("scenarios")).getFirst();
        assertEquals("established-256", scenario.get("name"));
        assertEquals("replay", scenario.get("generator"));
        assertEquals(256, scenario.get("sessions_opened"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> mpps = (Map<String, Map<String, Object>>) scenario.get("mpps");
        for (String engine : List.of("trunkline", "testpmd_io", "testpmd_macswap")) {
            assertTrue(((Number) mpps.get(engine).get("median")).doubleValue() > 0, engine + " forwarded: " + mpps);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> ratio = (Map<String, Object>) scenario.get("ratio");
        assertTrue(((Number) ratio.get("vs_testpmd_macswap")).doubleValue() > 0, ratio.toString());
    }

    @Test
    void listNamesEveryScenarioAndTheGenerators() throws Exception {
        CliRun run = CliRun.trunkline("bench", "list");
        assertEquals(0, run.exit(), run.stderr());
        for (Scenario s : Scenarios.all()) {
            assertTrue(run.stdout().contains(s.name()), s.name());
        }
        assertTrue(run.stdout().contains("generator replay          installed"), run.stdout());
    }

    @Test
    void anUnknownScenarioIsOneLineNamingTheKnownOnes() throws Exception {
        CliRun run = CliRun.trunkline("bench", "run", "syn-stomr", "--out", out.toString());
        assertEquals(1, run.exit());
        assertTrue(run.stderr().startsWith("trunkline: no bench scenario 'syn-stomr' (known: established-256, "), run.stderr());
        assertEquals(1, run.stderr().strip().lines().count(), run.stderr());
        run.assertNoStackTrace();
        assertTrue(Files.notExists(out.resolve("report.json")));
    }
}
