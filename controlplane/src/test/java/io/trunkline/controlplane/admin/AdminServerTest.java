package io.trunkline.controlplane.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The socket itself: root-only permissions, stale and busy sockets, bad requests, many clients. */
class AdminServerTest {
    @TempDir
    Path dir;

    private ConfigOnlyDispatcher dispatcher;
    private Path socket;
    private final List<AdminServer> servers = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        dispatcher = ConfigOnlyDispatcher.start(dir);
        socket = dir.resolve("run/trunkline/admin.sock");
    }

    @AfterEach
    void tearDown() throws IOException {
        for (AdminServer server : servers) {
            server.close();
        }
    }

    private AdminServer started() throws IOException {
        AdminServer server = new AdminServer(dispatcher, socket);
        servers.add(server);
        server.start();
        return server;
    }

    /** A client that writes raw bytes and reads raw lines, as a script with socat would. */
    private record RawClient(SocketChannel channel, BufferedReader in) implements AutoCloseable {
        static RawClient connect(Path socket) throws IOException {
            SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
            return new RawClient(channel, new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8)));
        }

        String ask(String line) throws IOException {
            send(line + "\n");
            return in.readLine();
        }

        void send(String text) throws IOException {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    @Test
    void socketIsRootOnlyInADirectoryOfItsOwn() throws Exception {
        started();

        PosixFileAttributes directory = Files.readAttributes(socket.getParent(), PosixFileAttributes.class);
        PosixFileAttributes file = Files.readAttributes(socket, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertEquals("rwx------", PosixFilePermissions.toString(directory.permissions()));
        assertEquals("rw-------", PosixFilePermissions.toString(file.permissions()));
        assertTrue(file.isOther(), "a socket");
        assertEquals("root", file.owner().getName());
        try (var listing = Files.list(socket.getParent())) {
            assertEquals(List.of(socket), listing.toList(), "no temporary name left behind");
        }
    }

    @Test
    void staleSocketOfADeadDaemonIsReplaced() throws Exception {
        Files.createDirectories(socket.getParent());
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket), "closing a Unix server socket leaves its file");

        started();

        try (AdminClient client = new AdminClient(socket)) {
            assertEquals("dispatcher-a", client.call("status", Map.of()).get("node").asText());
        }
    }

    @Test
    void aSecondDaemonOnTheSameSocketIsRefusedAndTheFirstServesOn() throws Exception {
        started();

        BindException refused = assertThrows(BindException.class, this::started);

        assertEquals("another trunkline daemon is running on " + socket, refused.getMessage());
        try (AdminClient client = new AdminClient(socket)) {
            assertEquals("dispatcher-a", client.call("status", Map.of()).get("node").asText());
        }
    }

    @Test
    void aFileThatIsNotASocketIsLeftAlone() throws Exception {
        Files.createDirectories(socket.getParent());
        Files.writeString(socket, "notes");

        BindException refused = assertThrows(BindException.class, this::started);

        assertEquals(socket + " exists and is not a socket; remove it or set admin.socket elsewhere", refused.getMessage());
        assertEquals("notes", Files.readString(socket));
    }

    @Test
    void closeRemovesTheSocketAndClientsThenFindNoDaemon() throws Exception {
        AdminServer server = started();
        server.close();

        assertFalse(Files.exists(socket));
        AdminException e = assertThrows(AdminException.class, () -> new AdminClient(socket).call("status", Map.of()));
        assertEquals("daemon not running (no socket at " + socket + ")", e.getMessage());
    }

    @Test
    void aClientOnAStaleSocketIsToldNobodyAnswers() throws Exception {
        Files.createDirectories(socket.getParent());
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }

        AdminException e = assertThrows(AdminException.class, () -> new AdminClient(socket).call("status", Map.of()));

        assertEquals("daemon not running (stale socket at " + socket + ", nobody answers)", e.getMessage());
    }

    @Test
    void malformedRequestsGetAnErrorAndTheConnectionGoesOn() throws Exception {
        started();
        try (RawClient raw = RawClient.connect(socket)) {
            assertEquals("{\"version\":1,\"id\":null,\"ok\":false,\"error\":\"malformed request: not JSON (Unexpected character "
                    + "('o' (code 111)): was expecting double-quote to start field name)\"}", raw.ask("{oops"));
            assertEquals("{\"version\":1,\"id\":null,\"ok\":false,\"error\":\"malformed request: must be a JSON object\"}",
                    raw.ask("[1,2]"));
            assertEquals("{\"version\":1,\"id\":4,\"ok\":false,\"error\":\"malformed request: \\\"command\\\" must be a string\"}",
                    raw.ask("{\"id\":4}"));
            assertEquals("{\"version\":1,\"id\":\"a\",\"ok\":false,\"error\":\"malformed request: \\\"args\\\" must be an object\"}",
                    raw.ask("{\"id\":\"a\",\"command\":\"status\",\"args\":[]}"));
            assertTrue(raw.ask("{\"id\":5,\"command\":\"status\"} trailing").contains("\"ok\":false"));
            assertEquals("{\"version\":1,\"id\":6,\"ok\":false,\"error\":\"this daemon speaks admin protocol 1, the client 2: "
                    + "use the trunkline command of the daemon's version\"}", raw.ask("{\"version\":2,\"id\":6,\"command\":\"status\"}"));

            String answer = raw.ask("{\"id\":7,\"command\":\"vip.list\"}");
            assertTrue(answer.startsWith("{\"version\":1,\"id\":7,\"ok\":true,\"result\":[{\"name\":\"web\""), answer);
        }
    }

    @Test
    void blankLinesAreIgnored() throws Exception {
        started();
        try (RawClient raw = RawClient.connect(socket)) {
            raw.send("\n  \n");
            assertTrue(raw.ask("{\"id\":1,\"command\":\"status\"}").startsWith("{\"version\":1,\"id\":1,\"ok\":true"));
        }
    }

    @Test
    void anOverlongRequestIsRefusedAndOnlyItsConnectionClosed() throws Exception {
        started();
        try (RawClient raw = RawClient.connect(socket)) {
            String answer = raw.ask("{\"command\":\"status\",\"pad\":\"" + "x".repeat(AdminProtocol.MAX_REQUEST_BYTES) + "\"}");

            assertEquals("{\"version\":1,\"id\":null,\"ok\":false,\"error\":\"request longer than 65536 bytes\"}", answer);
            assertNull(raw.in().readLine(), "the server closed this connection");
        }
        try (AdminClient client = new AdminClient(socket)) {
            assertEquals("dispatcher-a", client.call("status", Map.of()).get("node").asText());
        }
    }

    @Test
    void clientsAtTheSameTimeAllGetTheirChange() throws Exception {
        started();
        int clients = 8;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int n = i;
                calls.add(pool.submit(() -> {
                    try (AdminClient client = new AdminClient(socket)) {
                        return client.call("vip.add", Map.of("name", "vip" + n, "address", "198.19.1." + n, "port", 80, "pool", "web"));
                    }
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        }
        for (int i = 0; i < clients; i++) {
            assertTrue(dispatcher.runningConfig().vip("vip" + i).isPresent(), "vip" + i);
        }
    }
}
