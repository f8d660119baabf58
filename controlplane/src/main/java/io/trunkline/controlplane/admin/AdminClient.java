package io.trunkline.controlplane.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * The client side of the admin API: one connection to the daemon, opened at the first call and
 * reused by the next ones (as {@code stats --watch} does). Every failure is an {@link AdminException}
 * whose message is one line for the operator: the daemon's error, or why it could not be reached.
 * Not thread-safe: one caller at a time.
 */
public final class AdminClient implements AutoCloseable {
    private final Path socket;
    private SocketChannel channel;
    private InputStream in;
    private OutputStream out;
    private long nextId = 1;

    public AdminClient(Path socket) {
        this.socket = socket;
    }

    public Path socket() {
        return socket;
    }

    /** Calls {@code command} with {@code args} (null values are left out) and returns its result. */
    public JsonNode call(String command, Map<String, ?> args) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        args.forEach((name, value) -> {
            if (value != null) {
                node.set(name, AdminProtocol.JSON.valueToTree(value));
            }
        });
        return call(command, node);
    }

    /**
     * Calls {@code command} and returns its result.
     *
     * @throws AdminException with the daemon's error, or the reason it could not be asked
     */
    public JsonNode call(String command, ObjectNode args) {
        connect();
        long id = nextId++;
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("version", AdminProtocol.VERSION);
        request.put("id", id);
        request.put("command", command);
        request.set("args", args);
        JsonNode response = exchange(request);
        if (!response.path("ok").asBoolean(false)) {
            throw new AdminException(response.path("error").asText("the daemon answered without a result or an error"));
        }
        if (response.path("id").asLong(-1) != id) {
            throw new AdminException("the daemon answered request " + response.path("id") + " instead of " + id);
        }
        return response.path("result");
    }

    private JsonNode exchange(ObjectNode request) {
        try {
            out.write(AdminProtocol.JSON.writeValueAsBytes(request));
            out.write('\n');
            out.flush();
            byte[] line = AdminProtocol.readLine(in, AdminProtocol.MAX_RESPONSE_BYTES, "response");
            if (line == null) {
                throw new AdminException("the daemon closed the connection on " + socket + " without answering");
            }
            return AdminProtocol.JSON.readTree(line);
        } catch (IOException e) {
            close();
            throw new AdminException("lost the daemon on " + socket + ": " + e.getMessage());
        }
    }

    private void connect() {
        if (channel != null) {
            return;
        }
        try {
            SocketChannel opened = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                opened.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                opened.close();
                throw e;
            }
            channel = opened;
            in = new BufferedInputStream(Channels.newInputStream(channel));
            out = Channels.newOutputStream(channel);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /**
     * Why connect failed, in the operator's words. The JDK reports connect errors as SocketExceptions
     * carrying only strerror's text, so the socket path is looked at to tell them apart.
     */
    private AdminException unreachable(IOException e) {
        if (e instanceof ConnectException) {
            return new AdminException("daemon not running (stale socket at " + socket + ", nobody answers)");
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (String.valueOf(e.getMessage()).contains("Permission denied")) {
                return permissionDenied();
            }
            if (!attributes.isOther()) {
                return new AdminException(socket + " is not a socket: set --socket or TRUNKLINE_SOCKET to the daemon's");
            }
        } catch (NoSuchFileException missing) {
            return new AdminException("daemon not running (no socket at " + socket + ")");
        } catch (AccessDeniedException denied) {
            return permissionDenied();
        } catch (IOException other) {
            // fall through to the connect error itself
        }
        return new AdminException("cannot reach the daemon on " + socket + ": " + e.getMessage());
    }

    private AdminException permissionDenied() {
        return new AdminException("permission denied on " + socket + " (run as root)");
    }

    @Override
    public void close() {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing a Unix socket has nothing to flush: nothing is lost
        }
        channel = null;
        in = null;
        out = null;
    }
}
