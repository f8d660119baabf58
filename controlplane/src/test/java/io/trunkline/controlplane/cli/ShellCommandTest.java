package io.trunkline.controlplane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code trunkline shell} with commands piped in, as a script or a test drives it. */
class ShellCommandTest {

    @Test
    void runsTheCommandsItReadsAndExitsWithTheLastFailure() throws Exception {
        CliRun run = CliRun.trunklineWithInput("""
                version
                no-such-command
                version
                """, "shell");
        assertEquals(2, run.exit(), run.stderr());
        assertEquals(2, run.stdout().lines().filter(l -> l.startsWith("trunkline ")).count(), run.stdout());
        assertEquals(1, run.stderr().lines().count(), run.stderr());
        assertTrue(run.stderr().startsWith("trunkline: Unmatched argument at index 0: 'no-such-command'"), run.stderr());
        run.assertNoStackTrace();
    }

    @Test
    void allCommandsSucceedingIsExitZero() throws Exception {
        CliRun run = CliRun.trunklineWithInput("version\nexit\n", "shell");
        assertEquals(0, run.exit(), run.stderr());
        assertEquals("", run.stderr());
    }
}
