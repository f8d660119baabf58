package io.trunkline.controlplane.admin;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trunkline.controlplane.config.ConfigError;
import io.trunkline.controlplane.config.ConfigException;
import io.trunkline.controlplane.daemon.DispatcherControl;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The admin API (docs/admin-api.md) on a Unix domain socket: one virtual thread per client, each
 * request answered on its line. Root only: the socket is mode 0600 and, when the daemon creates
 * its directory, that is 0700. The admin path is not the packet path: blocking I/O and Jackson are
 * fine here.
 *
 * <p>A request that cannot be read (not JSON, no command, unknown argument) gets an error response
 * and the connection stays; a request longer than {@link AdminProtocol#MAX_REQUEST_BYTES} gets an
 * error and the connection is closed, since the rest of that line cannot be told from the next
 * request. Nothing a client sends stops the server.
 */
public final class AdminServer implements AutoCloseable {
    private static final long ACCEPT_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Path socket;
    private final AdminHandlers handlers;
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
    private ServerSocketChannel server;
    private Thread acceptor;

    public AdminServer(DispatcherControl control, Path socket) {
        this(control, socket, System::nanoTime);
    }

    /**
     * @param nanoClock the monotonic clock that stamps each {@code stats} sample (tests step it)
     */
    public AdminServer(DispatcherControl control, Path socket, LongSupplier nanoClock) {
        this.socket = socket.toAbsolutePath();
        this.handlers = new AdminHandlers(control, nanoClock);
    }

    public Path socket() {
        return socket;
    }

    /**
     * Binds the socket and starts serving.
     *
     * @throws BindException when another daemon answers on the socket, or the path is not a socket
     * @throws IOException   when the directory or the socket cannot be made
     */
    public void start() throws IOException {
        Path directory = socket.getParent();
        if (!Files.exists(directory)) {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        }
        refuseIfInUse();
        ServerSocketChannel channel = bindRootOnly();
        server = channel;
        acceptor = Thread.ofVirtual().name("admin-accept").start(() -> acceptLoop(channel));
    }

    /** A socket file left by a daemon that died is replaced; one a daemon answers on is not. */
    private void refuseIfInUse() throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isRegularFile(socket, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(socket, LinkOption.NOFOLLOW_LINKS)
                || Files.isSymbolicLink(socket)) {
            throw new BindException(socket + " exists and is not a socket; remove it or set admin.socket elsewhere");
        }
        if (answers(socket)) {
            throw new BindException("another trunkline daemon is running on " + socket);
        }
    }

    private static boolean answers(Path socket) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return probe.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Binds under a temporary name, makes it 0600, then renames it into place: a client never finds
     * the socket with the mode the umask gave it, and a stale socket is replaced in one step.
     */
    private ServerSocketChannel bindRootOnly() throws IOException {
        Path temporary = socket.resolveSibling("." + socket.getFileName() + "." + ProcessHandle.current().pid());
        Files.deleteIfExists(temporary);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(temporary));
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            Files.move(temporary, socket, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    private void acceptLoop(ServerSocketChannel server) {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                clients.add(client);
                Thread.ofVirtual().name("admin-client").start(() -> serve(client));
            } catch (IOException e) {
                if (server.isOpen()) {
                    // out of descriptors for a moment: try again rather than stop serving
                    LockSupport.parkNanos(ACCEPT_RETRY_NANOS);
                }
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client;
             InputStream in = new BufferedInputStream(Channels.newInputStream(client));
             OutputStream out = new BufferedOutputStream(Channels.newOutputStream(client))) {
            byte[] line;
            try {
                while ((line = AdminProtocol.readLine(in, AdminProtocol.MAX_REQUEST_BYTES, "request")) != null) {
                    if (!isBlank(line)) {
                        send(out, respond(line));
                    }
                }
            } catch (AdminProtocol.LineTooLongException e) {
                send(out, error(null, e.getMessage()));
            }
        } catch (IOException | UncheckedIOException e) {
            // the client went away, or the server is closing: nothing to answer
        } finally {
            clients.remove(client);
        }
    }

    private static void send(OutputStream out, ObjectNode response) throws IOException {
        out.write(AdminProtocol.JSON.writeValueAsBytes(response));
        out.write('\n');
        out.flush();
    }

    private ObjectNode respond(byte[] line) {
        JsonNode request;
        try {
            request = AdminProtocol.JSON.readTree(line);
        } catch (IOException e) {
            return error(null, "malformed request: not JSON (" + firstLine(e) + ")");
        }
        JsonNode id = request.get("id");
        if (!request.isObject()) {
            return error(null, "malformed request: must be a JSON object");
        }
        JsonNode version = request.get("version");
        if (version != null && !(version.canConvertToInt() && version.isIntegralNumber())) {
            return error(id, "malformed request: version must be an integer");
        }
        if (version != null && version.intValue() > AdminProtocol.VERSION) {
            return error(id, "this daemon speaks admin protocol " + AdminProtocol.VERSION + ", the client "
                    + version.intValue() + ": use the trunkline command of the daemon's version");
        }
        JsonNode command = request.get("command");
        if (command == null || !command.isTextual()) {
            return error(id, "malformed request: \"command\" must be a string");
        }
        JsonNode args = request.get("args");
        if (args != null && !args.isNull() && !args.isObject()) {
            return error(id, "malformed request: \"args\" must be an object");
        }
        ObjectNode argsObject = args instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
        try {
            Object result = handlers.handle(command.textValue(), argsObject);
            ObjectNode response = envelope(id, true);
            response.set("result", AdminProtocol.JSON.valueToTree(result));
            return response;
        } catch (Exception e) {
            return error(id, describe(e));
        }
    }

    /**
     * One line for the operator, whatever a handler threw. {@code DispatcherControl} reports an
     * operator's mistake or a state that refuses the request (shutting down) with
     * IllegalArgumentException or IllegalStateException: their messages are meant for the operator.
     */
    private static String describe(Exception e) {
        String text = switch (e) {
            case AdminException admin -> admin.getMessage();
            case ConfigException refused -> "change refused: " + refused.errors().stream().map(AdminServer::rule)
                    .collect(Collectors.joining("; "));
            case NoSuchFileException missing -> "no such file: " + missing.getFile();
            case AccessDeniedException denied -> "permission denied: " + denied.getFile();
            case IllegalArgumentException invalid -> invalid.getMessage();
            case IllegalStateException refused -> refused.getMessage();
            case IOException io -> io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage();
            default -> "internal error: " + e;
        };
        return firstLine(text);
    }

    /** A runtime change has no file position: the key path and the rule say it all. */
    private static String rule(ConfigError error) {
        if (error.line() > 0) {
            return error.toString();
        }
        return error.path().isEmpty() ? error.message() : error.path() + ": " + error.message();
    }

    private static String firstLine(Exception e) {
        return firstLine(e instanceof JacksonException json ? json.getOriginalMessage() : e.getMessage());
    }

    private static String firstLine(String text) {
        return text == null ? "unknown" : text.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    private static ObjectNode envelope(JsonNode id, boolean ok) {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("version", AdminProtocol.VERSION);
        response.set("id", id);
        response.put("ok", ok);
        return response;
    }

    private static ObjectNode error(JsonNode id, String message) {
        ObjectNode response = envelope(id, false);
        response.put("error", message);
        return response;
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    /** Stops accepting, ends every client connection and removes the socket. */
    @Override
    public void close() throws IOException {
        if (server == null) {
            return;
        }
        server.close();
        for (SocketChannel client : clients) {
            client.close();
        }
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(socket);
        server = null;
    }
}
