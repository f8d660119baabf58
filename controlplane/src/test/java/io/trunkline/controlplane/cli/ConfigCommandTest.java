package io.trunkline.controlplane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trunkline config check FILE} as an operator runs it: a fresh JVM, its output and exit code. */
class ConfigCommandTest {
    private static final String VALID = """
            node: { id: 1, name: dispatcher-a }
            ports:
              - { name: data0, device: "net_af_xdp0,iface=veth-d1", addresses: [198.18.1.2/24] }
            vips:
              - { name: web, address: 198.19.0.1, port: 80, pool: web }
              - { name: dns, address: 198.19.0.2, port: 53, protocol: udp, pool: web }
            pools:
              - name: web
                backends:
                  - { name: web1, address: 198.18.1.10 }
                  - { name: web2, address: 198.18.1.11 }
            """;

    @Test
    void validFileIsOkWithCounts(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("trunkline.yaml"), VALID);

        CliRun run = CliRun.trunkline("config", "check", file.toString());

        assertEquals(0, run.exit(), run.stderr());
        assertEquals(file + ": ok (2 vips, 1 pools, 2 backends)", run.stdout().strip());
        assertEquals("", run.stderr());
    }

    @Test
    void invalidFilePrintsEveryErrorAndExitsOne(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("trunkline.yaml"), VALID
                .replace("port: 80,", "port: 70000,")
                .replace("name: web2,", "nmae: web2,"));

        CliRun run = CliRun.trunkline("config", "check", file.toString());

        assertEquals(1, run.exit());
        assertEquals("", run.stdout());
        assertEquals(List.of(
                file + ":5:45: vips[0].port: must be 1..65535, got 70000",
                file + ":11:9: pools[0].backends[1]: missing required key \"name\"",
                file + ":11:11: pools[0].backends[1].nmae: unknown key, did you mean \"name\"?"), run.stderr().lines().toList());
        run.assertNoStackTrace();
    }

    @Test
    void syntaxErrorIsOneLineWithItsPosition(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("trunkline.yaml"), "node: { id: 1\nports: [\n");

        CliRun run = CliRun.trunkline("config", "check", file.toString());

        assertEquals(1, run.exit());
        assertEquals(1, run.stderr().lines().count(), run.stderr());
        assertEquals(file + ":2:6: invalid YAML: expected ',' or '}', but got :", run.stderr().strip());
    }

    @Test
    void maxConnectionsIsOkButWarnedAsNotEnforced(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("trunkline.yaml"), VALID
                .replace("{ name: web2, address: 198.18.1.11 }", "{ name: web2, address: 198.18.1.11, max_connections: 500 }"));

        CliRun run = CliRun.trunkline("config", "check", file.toString());

        assertEquals(0, run.exit(), run.stderr());
        assertEquals(file + ": ok (2 vips, 1 pools, 2 backends)", run.stdout().strip());
        assertEquals(file + ":11:62: pools[0].backends[1].max_connections: warning: not enforced yet: the fast path does not"
                + " limit a backend's sessions, so 500 is not a limit (0, no limit, is what applies)", run.stderr().strip());
    }

    @Test
    void aFileOverTheSizeLimitSaysSo(@TempDir Path dir) throws Exception {
        String padding = "#".repeat(3 * 1024 * 1024 - VALID.length()) + "\n";
        Path file = Files.writeString(dir.resolve("trunkline.yaml"), VALID + padding);

        CliRun run = CliRun.trunkline("config", "check", file.toString());

        assertEquals(1, run.exit());
        assertEquals(file + ":1:1: over the size limit: the file has 3145729 characters, a configuration file at most 3145728",
                run.stderr().strip());
    }

    @Test
    void aFileAtTheSizeLimitLoads(@TempDir Path dir) throws Exception {
        String padding = "#".repeat(3 * 1024 * 1024 - VALID.length() - 1) + "\n";
        Path file = Files.writeString(dir.resolve("trunkline.yaml"), VALID + padding);

        CliRun run = CliRun.trunkline("config", "check", file.toString());

        assertEquals(0, run.exit(), run.stderr());
    }

    @Test
    void missingFileIsOneLine() throws Exception {
        CliRun run = CliRun.trunkline("config", "check", "/nonexistent/trunkline.yaml");

        assertEquals(1, run.exit());
        assertEquals("/nonexistent/trunkline.yaml: cannot read: no such file", run.stderr().strip());
    }

    @Test
    void configWithoutSubcommandIsAUsageError() throws Exception {
        CliRun run = CliRun.trunkline("config");

        assertEquals(2, run.exit());
        assertEquals("trunkline: a config command is required (see: trunkline config --help)", run.stderr().strip());
    }
}
