package io.trunkline.controlplane.health;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * One backend's check schedule and its probe in flight: a non-blocking TCP connect, then for
 * HTTP a GET written and the status line read, all driven by the checker's selector.
 * Owned by the checker's agent thread.
 */
final class BackendCheck {
    static final int PENDING = 0;
    static final int SUCCEEDED = 1;
    static final int FAILED = 2;
    private static final int RESPONSE_BYTES = 512;

    /** Where the probe is; IDLE between probes. */
    enum Phase {
        IDLE("idle"), CONNECTING("connecting"), SENDING("sending request"), AWAITING_STATUS("waiting for HTTP status");

        private final String text;

        Phase(String text) {
            this.text = text;
        }
    }

    final BackendHealth health;
    private final ByteBuffer response = ByteBuffer.allocate(RESPONSE_BYTES);
    private InetSocketAddress address;
    private HealthCheckSpec spec;
    private ByteBuffer request;
    private Phase phase = Phase.IDLE;
    private SocketChannel channel;
    private SelectionKey key;
    private String outcome = "";
    long nextDueNanos;
    long startNanos;
    private long deadlineNanos;

    BackendCheck(BackendHealth health) {
        this.health = health;
    }

    void configure(InetSocketAddress address, HealthCheckSpec spec) {
        this.address = address;
        this.spec = spec;
        this.request = ByteBuffer.wrap(HttpStatusLine.request(spec.path(), address));
    }

    HealthCheckSpec spec() {
        return spec;
    }

    boolean inFlight() {
        return phase != Phase.IDLE;
    }

    /** What the finished probe found: a result for a success, a reason for a failure. */
    String outcome() {
        return outcome;
    }

    boolean isPastDeadline(long nowNanos) {
        return nowNanos - deadlineNanos >= 0;
    }

    /** Opens the probe's socket and starts connecting; a loopback connect may finish (or fail) at once. */
    int start(Selector selector, long nowNanos) {
        startNanos = nowNanos;
        deadlineNanos = nowNanos + spec.timeout().toNanos();
        response.clear();
        request.rewind();
        phase = Phase.CONNECTING;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            // Reset instead of FIN on close: a checker probing every backend every 2 s would
            // otherwise fill its port range with TIME_WAIT sockets (HAProxy closes checks the same way).
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            if (channel.connect(address)) {
                return onConnected(selector);
            }
            interest(selector, SelectionKey.OP_CONNECT);
            return PENDING;
        } catch (IOException e) {
            return fail(describe(e));
        }
    }

    /** Moves the probe on when its socket is ready. */
    int onReady(Selector selector) {
        try {
            return switch (phase) {
                case CONNECTING -> channel.finishConnect() ? onConnected(selector) : PENDING;
                case SENDING -> sendRequest(selector);
                case AWAITING_STATUS -> readStatus();
                case IDLE -> PENDING;
            };
        } catch (IOException e) {
            return fail(describe(e));
        }
    }

    /** Ends the probe because its deadline passed. */
    int timeOut() {
        return fail("timeout after " + spec.timeout().toMillis() + " ms (" + phase.text + ")");
    }

    /** Closes the probe's socket, if any; the selector drops its key at its next select. */
    void close() {
        phase = Phase.IDLE;
        key = null;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing more can be done with a probe socket the kernel refuses to close.
            }
            channel = null;
        }
    }

    private int onConnected(Selector selector) throws IOException {
        if (spec.type() == HealthCheckSpec.Type.TCP) {
            return succeed("TCP connect ok");
        }
        phase = Phase.SENDING;
        return sendRequest(selector);
    }

    private int sendRequest(Selector selector) throws IOException {
        channel.write(request);
        if (request.hasRemaining()) {
            interest(selector, SelectionKey.OP_WRITE);
            return PENDING;
        }
        phase = Phase.AWAITING_STATUS;
        interest(selector, SelectionKey.OP_READ);
        return PENDING;
    }

    private int readStatus() throws IOException {
        int read = channel.read(response);
        byte[] bytes = response.array();
        int received = response.position();
        int lineEnd = HttpStatusLine.lineEnd(bytes, received);
        if (lineEnd >= 0) {
            return judge(HttpStatusLine.parseStatus(bytes, lineEnd), bytes, lineEnd);
        }
        if (read < 0) {
            return fail(received == 0
                ? "connection closed before HTTP status line"
                : "bad HTTP response: " + HttpStatusLine.quote(bytes, received) + " then connection closed");
        }
        if (!response.hasRemaining()) {
            return fail("bad HTTP response: no status line in the first " + RESPONSE_BYTES + " bytes");
        }
        return PENDING;
    }

    private int judge(int status, byte[] line, int lineLength) {
        if (status == HttpStatusLine.NOT_A_STATUS_LINE) {
            return fail("bad HTTP response: " + HttpStatusLine.quote(line, lineLength));
        }
        if (status != spec.expectStatus()) {
            return fail("HTTP " + status + ", expected " + spec.expectStatus());
        }
        return succeed("HTTP " + status);
    }

    private void interest(Selector selector, int ops) throws ClosedChannelException {
        if (key == null) {
            key = channel.register(selector, ops, this);
        } else {
            key.interestOps(ops);
        }
    }

    private String describe(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof ConnectException && message.contains("refused")) {
            return "connect refused";
        }
        if (phase == Phase.CONNECTING) {
            return "connect failed: " + message;
        }
        return "I/O error while " + phase.text + ": " + message;
    }

    private int succeed(String result) {
        outcome = result;
        return SUCCEEDED;
    }

    private int fail(String reason) {
        outcome = reason;
        return FAILED;
    }
}
