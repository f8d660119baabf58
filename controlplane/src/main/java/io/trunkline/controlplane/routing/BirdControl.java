package io.trunkline.controlplane.routing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A client of BIRD's control socket, the protocol {@code birdc} speaks: one command line out, reply
 * lines back (see {@link BirdReply}). Each call opens its own connection, so a BIRD that was
 * restarted in between is simply reached again; every read is bounded by the timeout, so a stuck
 * BIRD cannot stall the caller.
 *
 * <p>Announcing and withdrawing enable and disable the static protocols that hold the VIP routes
 * ({@link BirdConfigWriter#VIPS4}, {@link BirdConfigWriter#VIPS6}): BIRD then exports the routes to
 * every BGP neighbour, or withdraws them, without reading its configuration again.
 */
public final class BirdControl {
    /** Success codes of enable and disable: done, or already so. */
    private static final List<Integer> SWITCHED = List.of(0, 8, 9, 10, 11);
    private static final int RECONFIGURED = 3;
    private static final int RECONFIGURATION_IN_PROGRESS = 4;
    private static final int RECONFIGURATION_QUEUED = 5;
    private static final int MAX_REPLY_BYTES = 1 << 20;

    private final Path socket;
    private final Duration timeout;

    /**
     * @param socket  BIRD's control socket ({@code bird -s})
     * @param timeout how long one command may take, connection included
     */
    public BirdControl(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    public Path socket() {
        return socket;
    }

    /** Exports the VIP routes to every neighbour. */
    public void announce() throws BirdException {
        switchVips("enable");
    }

    /** Withdraws the VIP routes from every neighbour; the sessions stay up. */
    public void withdraw() throws BirdException {
        switchVips("disable");
    }

    /** Makes BIRD read its configuration file again; the file's errors come back as the exception's message. */
    public void configure() throws BirdException {
        BirdReply reply = command("configure");
        int code = reply.code();
        if (code != RECONFIGURED && code != RECONFIGURATION_IN_PROGRESS && code != RECONFIGURATION_QUEUED) {
            throw new BirdException("bird: configure: " + reply.summary());
        }
    }

    /** The BGP sessions with their state and how many routes each exports. */
    public List<BgpSession> bgpSessions() throws BirdException {
        return BgpSession.parse(command("show protocols all"));
    }

    /** Whether BIRD answers at all. */
    public boolean answers() {
        try {
            command("show status");
            return true;
        } catch (BirdException e) {
            return false;
        }
    }

    private void switchVips(String verb) throws BirdException {
        for (String protocol : List.of(BirdConfigWriter.VIPS4, BirdConfigWriter.VIPS6)) {
            BirdReply reply = command(verb + " " + protocol);
            if (!SWITCHED.contains(reply.code())) {
                throw new BirdException("bird: " + verb + " " + protocol + ": " + reply.summary());
            }
        }
    }

    /**
     * Sends one command and returns BIRD's reply.
     *
     * @throws BirdException when BIRD cannot be reached, does not answer in time, or answers with an error code
     */
    public BirdReply command(String command) throws BirdException {
        if (command.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("one line only");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            LineReader reader = new LineReader(channel, selector, deadline);
            reader.reply();
            reader.send(command);
            BirdReply reply = reader.reply();
            if (reply.isError()) {
                throw new BirdException("bird: " + command + ": " + reply.summary());
            }
            return reply;
        } catch (BirdException e) {
            throw e;
        } catch (IOException e) {
            throw new BirdException("bird: cannot reach the control socket " + socket + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    /** Reads reply lines from a non-blocking channel, never past the deadline. */
    private final class LineReader {
        private final SocketChannel channel;
        private final Selector selector;
        private final long deadline;
        private final ByteBuffer buffer = ByteBuffer.allocate(8192);
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private int total;

        LineReader(SocketChannel channel, Selector selector, long deadline) {
            this.channel = channel;
            this.selector = selector;
            this.deadline = deadline;
            buffer.flip();
        }

        BirdReply reply() throws IOException {
            BirdReply.Parser parser = new BirdReply.Parser();
            while (!parser.accept(nextLine())) {
                // one line at a time until the final one
            }
            return parser.reply();
        }

        /** A command is a few bytes: the socket buffer takes it at once, or soon. */
        void send(String command) throws IOException {
            ByteBuffer out = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                if (channel.write(out) == 0) {
                    checkDeadline();
                    Thread.onSpinWait();
                }
            }
        }

        private void checkDeadline() throws BirdException {
            if (deadline - System.nanoTime() <= 0) {
                throw new BirdException("bird: no answer on " + socket + " within " + timeout.toMillis() + " ms");
            }
        }

        private String nextLine() throws IOException {
            line.reset();
            while (true) {
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (b == '\n') {
                        return line.toString(StandardCharsets.UTF_8);
                    }
                    line.write(b);
                }
                fill();
            }
        }

        private void fill() throws IOException {
            buffer.clear();
            int read;
            while ((read = channel.read(buffer)) == 0) {
                checkDeadline();
                selector.select(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                selector.selectedKeys().clear();
            }
            if (read < 0) {
                throw new BirdException("bird: " + socket + " closed the connection mid-reply");
            }
            total += read;
            if (total > MAX_REPLY_BYTES) {
                throw new BirdException("bird: reply longer than " + MAX_REPLY_BYTES + " bytes on " + socket);
            }
            buffer.flip();
        }
    }
}
