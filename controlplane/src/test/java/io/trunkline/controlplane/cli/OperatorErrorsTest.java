package io.trunkline.controlplane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator sees when something is wrong: one line of cause (and of fix), an exit code, no stack trace. */
class OperatorErrorsTest {
    private static final Path REPO = Path.of(System.getProperty("trunkline.repo", ".."));

    @Test
    void unknownCommandIsOneLineAndExitTwo() throws Exception {
        CliRun run = CliRun.trunkline("no-such-command");
        assertEquals(2, run.exit());
        assertEquals(1, run.stderr().lines().count(), run.stderr());
        assertTrue(run.stderr().startsWith("trunkline: Unmatched argument"), run.stderr());
    }

    @Test
    void ealFailureNamesTheReasonAndTheFix() throws Exception {
        CliRun run = CliRun.trunkline("demo", "--seconds", "1", "--lcore", "99"); // no such core on this machine
        assertEquals(1, run.exit());
        assertTrue(run.stderr().contains("trunkline: rte_eal_init failed: Invalid argument"), run.stderr());
        assertTrue(run.stderr().contains("  fix: "), run.stderr());
        run.assertNoStackTrace();
    }

    @Test
    void missingCaptureIsOneLine() throws Exception {
        CliRun run = CliRun.trunkline("demo", "--capture", "/nonexistent.pcap");
        assertEquals(1, run.exit());
        assertEquals("trunkline: cannot read the capture /nonexistent.pcap", run.stderr().strip());
    }

    @Test
    void noJdkNamesTheOneToInstall(@TempDir Path emptyJvmDir) throws Exception {
        CliRun run = CliRun.exec(List.of(REPO.resolve("scripts/find-jdk").toString()),
                Map.of("JAVA_HOME", "/nonexistent", "TRUNKLINE_JVM_DIR", emptyJvmDir.toString()));
        assertEquals(1, run.exit());
        assertEquals(1, run.stderr().lines().count());
        assertTrue(run.stderr().contains("install Eclipse Temurin 25"), run.stderr());
    }

    @Test
    void tooOldJdkIsNotTaken(@TempDir Path jvmDir) throws Exception {
        Path old = jvmDir.resolve("jdk-17");
        Files.createDirectories(old.resolve("bin"));
        Files.writeString(old.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
        Path java = Files.writeString(old.resolve("bin/java"), "#!/bin/sh\n");
        java.toFile().setExecutable(true);
        CliRun run = CliRun.exec(List.of(REPO.resolve("scripts/find-jdk").toString()),
                Map.of("JAVA_HOME", old.toString(), "TRUNKLINE_JVM_DIR", jvmDir.toString()));
        assertEquals(1, run.exit());
        assertTrue(run.stderr().contains("no JDK 25 or newer found"), run.stderr());
    }
}
