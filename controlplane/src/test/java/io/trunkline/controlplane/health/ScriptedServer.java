package io.trunkline.controlplane.health;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP server on its own thread that reads each request up to its blank line, then
 * writes a fixed reply and closes, or with no reply holds the connection open and says nothing.
 */
final class ScriptedServer implements AutoCloseable {
    private final ServerSocket listener;
    private final byte[] reply;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread thread;

    private ScriptedServer(byte[] reply) throws IOException {
        this.reply = reply;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.thread = Thread.ofPlatform().daemon(true).name("scripted-server").start(this::serve);
    }

    /** Replies {@code reply} to every request and closes. */
    static ScriptedServer replying(String reply) throws IOException {
        return new ScriptedServer(reply.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads every request and never answers. */
    static ScriptedServer silent() throws IOException {
        return new ScriptedServer(null);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    /** The requests received in full so far, as text. */
    List<String> requests() {
        return requests;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : held) {
            socket.close();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                requests.add(readRequest(socket.getInputStream()));
                if (reply == null) {
                    held.add(socket);
                } else {
                    try (socket) {
                        socket.getOutputStream().write(reply);
                    }
                }
            } catch (IOException closedOrReset) {
                // The listener closed (the test is over) or the checker reset a connection: next.
            }
        }
    }

    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            request.write(b);
            if (request.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                break;
            }
        }
        return request.toString(StandardCharsets.ISO_8859_1);
    }
}
