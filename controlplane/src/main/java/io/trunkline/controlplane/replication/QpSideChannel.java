package io.trunkline.controlplane.replication;

import io.trunkline.bindings.verbs.QpEndpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The TCP side channel over which two dispatchers swap {@link QpHello}s before their RC queue pair can leave
 * INIT, as every verbs application without a connection manager does (rdma-core's {@code ibv_rc_pingpong}
 * and perftest exchange the same fields over TCP).
 * <p>
 * Each dispatcher listens on TCP at its replication endpoint (the UDP port number, on TCP). Of each pair,
 * the dispatcher with the lower id dials and speaks first; the other accepts, checks, and answers. A hello
 * accepted from a peer other than the one being connected is kept for its turn. Blocking, on the
 * connector's thread, never on the replicator's.
 */
final class QpSideChannel implements AutoCloseable {
    private static final long RETRY_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private final PeerEndpoint self;
    private final List<ClusterKey> keys;
    private final ServerSocketChannel server;
    private final Map<Integer, Accepted> early = new HashMap<>();

    private record Accepted(SocketChannel channel, QpHello hello) {
    }

    /** Listens on {@code self}'s host and port (TCP). */
    QpSideChannel(PeerEndpoint self, List<ClusterKey> keys) {
        this.self = self;
        this.keys = keys;
        try {
            server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(self.host(), self.port()));
        } catch (IOException e) {
            throw new ReplicationConfigException("RDMA side channel: cannot listen on TCP " + self.host() + ":" + self.port()
                + ": " + e.getMessage(), e);
        }
    }

    /**
     * Tells {@code peer} this side's endpoint and returns the peer's, waiting up to {@code timeoutNs} for the peer
     * to be there.
     *
     * @return the peer's endpoint, or null when it did not answer in time
     * @throws ReplicationConfigException when the peer's hello is not authentic or not for this dispatcher
     */
    QpEndpoint exchange(PeerEndpoint peer, QpEndpoint local, long timeoutNs) throws IOException {
        final long deadline = System.nanoTime() + timeoutNs;
        return self.id() < peer.id() ? dial(peer, local, deadline) : accept(peer, local, deadline);
    }

    private QpEndpoint dial(PeerEndpoint peer, QpEndpoint local, long deadline) throws IOException {
        while (System.nanoTime() < deadline) {
            try (SocketChannel channel = SocketChannel.open()) {
                channel.socket().connect(new InetSocketAddress(peer.host(), peer.port()), (int) TimeUnit.NANOSECONDS.toMillis(RETRY_NS));
                channel.socket().setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                send(channel, new QpHello(self.id(), peer.id(), local));
                return check(receive(channel), peer).endpoint();
            } catch (java.net.ConnectException | SocketTimeoutException notYet) {
                sleepQuietly();
            }
        }
        return null;
    }

    private QpEndpoint accept(PeerEndpoint peer, QpEndpoint local, long deadline) throws IOException {
        Accepted accepted = early.remove(peer.id());
        server.socket().setSoTimeout((int) TimeUnit.NANOSECONDS.toMillis(RETRY_NS));
        while (accepted == null && System.nanoTime() < deadline) {
            try {
                final SocketChannel channel = server.socket().accept().getChannel();
                final QpHello hello = receiveOrClose(channel);
                if (hello.from() == peer.id()) {
                    accepted = new Accepted(channel, hello);
                } else {
                    closeQuietly(early.put(hello.from(), new Accepted(channel, hello)));
                }
            } catch (SocketTimeoutException notYet) {
                // nobody dialled within the retry period: look at the deadline again
            }
        }
        if (accepted == null) {
            return null;
        }
        try (SocketChannel channel = accepted.channel()) {
            send(channel, new QpHello(self.id(), peer.id(), local));
        }
        return check(accepted.hello(), peer).endpoint();
    }

    /** Reads a hello meant for this dispatcher; closes the connection on anything else, so the dialler hears at once. */
    private QpHello receiveOrClose(SocketChannel channel) throws IOException {
        try {
            channel.socket().setSoTimeout((int) TimeUnit.NANOSECONDS.toMillis(RETRY_NS) * 10);
            final QpHello hello = receive(channel);
            if (hello.to() != self.id()) {
                throw new ReplicationConfigException("RDMA side channel: dispatcher " + hello.from() + " sent a QP hello meant for "
                    + hello.to() + " to dispatcher " + self.id());
            }
            return hello;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private QpHello check(QpHello hello, PeerEndpoint peer) {
        if (hello.from() != peer.id() || hello.to() != self.id()) {
            throw new ReplicationConfigException("RDMA side channel: expected a QP hello from dispatcher " + peer.id() + " to "
                + self.id() + ", got one from " + hello.from() + " to " + hello.to());
        }
        return hello;
    }

    private void send(SocketChannel channel, QpHello hello) throws IOException {
        final ByteBuffer buffer = ByteBuffer.allocate(QpHello.LENGTH);
        hello.encode(buffer, keys.getFirst());
        channel.socket().getOutputStream().write(buffer.array());
    }

    private QpHello receive(SocketChannel channel) throws IOException {
        final byte[] bytes = channel.socket().getInputStream().readNBytes(QpHello.LENGTH);
        if (bytes.length < QpHello.LENGTH) {
            throw new ReplicationConfigException("RDMA side channel: " + channel.getRemoteAddress() + " closed before a whole QP hello");
        }
        return QpHello.decode(ByteBuffer.wrap(bytes), keys);
    }

    private static void sleepQuietly() {
        try {
            TimeUnit.NANOSECONDS.sleep(RETRY_NS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Accepted accepted) {
        if (accepted != null) {
            try {
                accepted.channel().close();
            } catch (IOException ignored) {
                // a stale duplicate from a peer that dialled twice; nothing to keep
            }
        }
    }

    @Override
    public void close() {
        early.values().forEach(QpSideChannel::closeQuietly);
        early.clear();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a listening socket only fails if it is already gone
        }
    }
}
