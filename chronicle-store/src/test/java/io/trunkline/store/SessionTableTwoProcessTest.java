package io.trunkline.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two JVMs open one table file at once and see each other's writes. */
class SessionTableTwoProcessTest {
    private static final int SESSIONS = 2_000;
    private static final long CAPACITY = 10_000;

    @TempDir(factory = ShmTempDirFactory.class)
    Path directory;

    private Process child;

    static FlowKey childKey(FlowKey key, int port) {
        return key.ipv4(FlowKey.PROTOCOL_TCP, 0xC6120002, port, 0xC6130001, 80);
    }

    static FlowKey parentKey(FlowKey key) {
        return key.ipv6(FlowKey.PROTOCOL_UDP, 0x20010db800000000L, 1, SessionWriterMain.MARKER_PORT, 0x20010db800000000L, 2, 53);
    }

    @AfterEach
    void stopChild() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSecondProcessWritesAndBothSeeEachOther() throws Exception {
        Path file = directory.resolve("shared.map");
        Path childErrors = directory.resolve("child.stderr");
        try (SessionTable table = SessionTable.open(new SessionTableConfig(file, CAPACITY))) {
            child = new ProcessBuilder(javaCommand(file))
                .redirectError(childErrors.toFile())
                .start();
            BufferedReader childOut = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("WROTE", childOut.readLine(), () -> childStderr(childErrors));

            FlowKey key = new FlowKey();
            SessionEntry read = new SessionEntry();
            for (int port = 0; port < SESSIONS; port++) {
                assertTrue(table.get(childKey(key, port), read), "child's session " + port);
                assertEquals(port, read.backendId());
                assertEquals(2, read.originId());
            }
            assertEquals(SESSIONS, table.size());

            table.put(parentKey(key), new SessionEntry().backendId(77).state(SessionState.OPENING).originId(1));
            assertEquals("SAW 77", childOut.readLine(), () -> childStderr(childErrors));
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, child.exitValue(), () -> childStderr(childErrors));
        }
    }

    /** The running JVM's binary, class path and the JVM flags Chronicle needs (analytics off, add-opens). */
    private static List<String> javaCommand(Path file) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (int i = 0; i < flags.size(); i++) {
            String flag = flags.get(i);
            if (flag.equals("--add-opens") || flag.equals("--add-exports")) {
                command.add(flag);
                command.add(flags.get(++i));
            } else if (flag.startsWith("--add-opens=") || flag.startsWith("--add-exports=")
                || flag.startsWith("--enable-native-access") || flag.startsWith("--sun-misc-unsafe-memory-access")
                || flag.startsWith("-Dchronicle.")) {
                command.add(flag);
            }
        }
        command.add("-Xmx128m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SessionWriterMain.class.getName());
        command.add(file.toString());
        command.add(Long.toString(CAPACITY));
        command.add(Integer.toString(SESSIONS));
        return command;
    }

    private static String childStderr(Path errors) {
        try {
            return "child stderr:\n" + Files.readString(errors);
        } catch (IOException e) {
            return "child stderr unreadable: " + e;
        }
    }
}
