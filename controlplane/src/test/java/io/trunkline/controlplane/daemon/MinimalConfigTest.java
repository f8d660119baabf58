package io.trunkline.controlplane.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.controlplane.routing.Netns;
import io.trunkline.controlplane.testing.DocsExamples;
import io.trunkline.controlplane.testing.TrunklineProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The new operator's first start: the minimal file of docs/config.md, read from the doc itself, run by
 * {@code trunkline run} on a machine as freshly installed (no operator key, nothing under /run or /dev/shm), with
 * every default it leaves out (session table, admin socket, metrics, SSH) becomes ready.
 */
class MinimalConfigTest {
    @TempDir
    Path dir;

    @Test
    void theDocumentedMinimalFileStartsAndBecomesReady() throws Exception {
        Path config = Files.writeString(dir.resolve("trunkline.yaml"), DocsExamples.yamlBlockAfter("config.md", "## Minimal file"));
        try (Netns machine = Netns.create("tl-minimal-" + ProcessHandle.current().pid());
             TrunklineProcess daemon = TrunklineProcess.startOnFreshMachine(machine.name, "run", "--config", config.toString())) {
            daemon.awaitOutput("routing: dispatcher ready (no routing configured: BFD and BGP off)", DaemonTest.START);
            String output = daemon.output();
            assertTrue(output.contains("started node=lab readiness=READY"), output);
            assertTrue(output.contains("ssh: not listening on 0.0.0.0:2222: no operator key: /etc/trunkline/authorized_keys"
                    + " does not exist; add an operator's public key there and restart the daemon"), output);

            daemon.signal("TERM");
            daemon.waitFor(DaemonTest.START);
            assertTrue(daemon.output().contains("stopped node=lab"), daemon.output());
        }
    }

    /** The old documented default, now written out: refused at start with the key to change. */
    @Test
    void aSessionTableOnHugetlbfsIsRefusedNamingTheKey() throws Exception {
        Path config = Files.writeString(dir.resolve("trunkline.yaml"), DocsExamples.yamlBlockAfter("config.md", "## Minimal file")
                + "session_table: { path: /dev/hugepages/trunkline-sessions }\n");
        try (Netns machine = Netns.create("tl-minimal-" + ProcessHandle.current().pid());
             TrunklineProcess daemon = TrunklineProcess.startOnFreshMachine(machine.name, "run", "--config", config.toString())) {
            assertEquals(1, daemon.waitFor(DaemonTest.START), daemon.output());
            assertTrue(daemon.output().contains("trunkline: session_table.path (/dev/hugepages/trunkline-sessions): session table"
                    + " /dev/hugepages/trunkline-sessions is on hugetlbfs"), daemon.output());
        }
    }
}
