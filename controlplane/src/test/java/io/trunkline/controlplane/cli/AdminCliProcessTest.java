package io.trunkline.controlplane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.controlplane.admin.AdminServer;
import io.trunkline.controlplane.admin.ConfigOnlyDispatcher;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin commands as an operator runs them: a fresh process, its exit code, its output, who runs it. */
class AdminCliProcessTest {
    @TempDir
    Path dir;

    private ConfigOnlyDispatcher dispatcher;
    private AdminServer server;
    private final List<Path> toDelete = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        dispatcher = ConfigOnlyDispatcher.start(dir);
        server = new AdminServer(dispatcher, dir.resolve("run/admin.sock"));
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        for (Path path : toDelete) {
            deleteTree(path);
        }
    }

    @Test
    void theSocketComesFromTheEnvironment() throws Exception {
        CliRun run = CliRun.trunkline(Map.of("TRUNKLINE_SOCKET", server.socket().toString()), "vip", "list");

        assertEquals(0, run.exit(), run.stderr());
        assertEquals(List.of(
                "NAME  ADDRESS     PORT  PROTO  MODE  POLICY  POOL  SESSIONS",
                "web   198.19.0.1    80  tcp    dsr   maglev  web          0",
                "dns   198.19.0.2    53  udp    nat   wrr     dns          0"), run.stdout().lines().toList());
        assertEquals("", run.stderr());
    }

    @Test
    void anInvalidChangeIsRefusedInOneLineAndTheDaemonKeepsItsConfiguration() throws Exception {
        CliRun run = CliRun.trunkline("backend", "add", "web", "web3", "198.18.1.12", "--port", "8080",
                "--socket", server.socket().toString());

        assertEquals(1, run.exit());
        assertEquals("trunkline: change refused: pools[0].backends[2].port: must be 80 (the port of vips[0]) or left out: "
                + "dsr does not rewrite ports, got 8080", run.stderr().strip());
        run.assertNoStackTrace();
        assertTrue(dispatcher.runningConfig().pool("web").orElseThrow().backend("web3").isEmpty());
    }

    @Test
    void noDaemonIsOneLineExitOne() throws Exception {
        Path nowhere = dir.resolve("gone/admin.sock");

        CliRun run = CliRun.trunkline("status", "--socket", nowhere.toString());

        assertEquals(1, run.exit());
        assertEquals("trunkline: daemon not running (no socket at " + nowhere + ")", run.stderr().strip());
        assertEquals("", run.stdout());
    }

    /**
     * The socket's mode is what keeps other users out: here its directory lets everyone through,
     * and the CLI run as nobody still cannot connect.
     */
    @Test
    void anotherUserIsToldToRunAsRoot() throws Exception {
        Path open = worldReadable(Files.createTempDirectory("trunkline-admin"));
        AdminServer second = new AdminServer(dispatcher, open.resolve("admin.sock"));
        second.start();
        try {
            List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
            command.addAll(CliRun.java(readableClasspath(), "status", "--socket", second.socket().toString()));

            CliRun run = CliRun.exec(command, Map.of());

            assertEquals(1, run.exit(), run.stdout());
            assertEquals("trunkline: permission denied on " + second.socket() + " (run as root)", run.stderr().strip());
        } finally {
            second.close();
        }
    }

    @Test
    void completionScriptCompletesTheCommands() throws Exception {
        CliRun completion = CliRun.trunkline("completion");
        assertEquals(0, completion.exit(), completion.stderr());
        Path script = Files.writeString(dir.resolve("trunkline-completion.bash"), completion.stdout());

        CliRun run = CliRun.exec(List.of("bash", "-c", "source " + script
                + " && COMP_WORDS=(trunkline backend dr) COMP_CWORD=2 COMP_LINE='trunkline backend dr' COMP_POINT=20"
                + " && _complete_trunkline && echo \"${COMPREPLY[@]}\""), Map.of());

        assertEquals(0, run.exit(), run.stderr());
        assertEquals("drain", run.stdout().strip());
    }

    /** A copy of this JVM's classpath that another user can read (the Maven repository is root's). */
    private String readableClasspath() throws IOException {
        Path copy = worldReadable(Files.createTempDirectory("trunkline-classpath"));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path target = copy.resolve(n++ + "-" + source.getFileName());
            copyTree(source, target);
            entries.add(target.toString());
        }
        try (Stream<Path> all = Files.walk(copy)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private Path worldReadable(Path directory) throws IOException {
        toDelete.add(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        return directory;
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> all = Files.walk(source)) {
            for (Path p : all.toList()) {
                Files.copy(p, target.resolve(source.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
