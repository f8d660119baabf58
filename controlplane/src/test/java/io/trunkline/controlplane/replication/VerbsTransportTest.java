package io.trunkline.controlplane.replication;

import io.trunkline.bindings.SetupException;
import io.trunkline.bindings.verbs.Gid;
import io.trunkline.bindings.verbs.QpEndpoint;
import io.trunkline.bindings.verbs.VerbsConstants;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What of the RDMA verbs transport runs on a host without an RDMA device (these machines: the kernel has
 * no RDMA support, {@code ibv_get_device_list} fails with ENOSYS): the clear failure and the configured
 * fallback, the authenticated exchange of queue-pair connection information over the TCP side channel
 * between two dispatchers on loopback, and the bookkeeping of the send slots.
 */
class VerbsTransportTest {
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final QpEndpoint ENDPOINT_1 = new QpEndpoint(0x000123, 0xABCDEF, 7, VerbsConstants.IBV_MTU_4096,
        new Gid(0xFE80_0000_0000_0000L, 0x0211_22FF_FE33_4455L));
    private static final QpEndpoint ENDPOINT_2 = new QpEndpoint(0x000456, 0x000001, 9, VerbsConstants.IBV_MTU_1024, Gid.ZERO);

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static ReplicationContext rdma(PeerEndpoint self) {
        return new ReplicationContext().self(self).key(BatchAuthenticatorTest.KEY_1).transport(TransportKind.RDMA)
            .aeronDirectory("/dev/shm/trunkline-aeron-verbs-test-" + ProcessHandle.current().pid() + "-" + self.port());
    }

    @Test
    void withoutADeviceOpeningTheVerbsTransportNamesTheCause() {
        final SetupException e = assertThrows(SetupException.class,
            () -> VerbsTransport.open(rdma(new PeerEndpoint(1, "127.0.0.1", 40_011)).conclude()));
        assertTrue(e.getMessage().startsWith("no RDMA device: ibv_get_device_list"), e.getMessage());
    }

    @Test
    void rdmaWithoutADeviceAndWithoutFallbackFailsWithOneLine() {
        final ReplicationContext context = rdma(new PeerEndpoint(1, "127.0.0.1", 40_012)).conclude();
        final ReplicationConfigException e = assertThrows(ReplicationConfigException.class, () -> ReplicationTransports.open(context));
        assertTrue(e.getMessage().startsWith("replication transport rdma unavailable (no RDMA device: ibv_get_device_list"), e.getMessage());
        assertTrue(e.getMessage().endsWith(") and no fallback configured: set 'fallback: udp' or 'transport: udp'"), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'));
    }

    @Test
    void rdmaWithoutADeviceFallsBackToUdpWhenConfigured() {
        final ReplicationContext context = rdma(new PeerEndpoint(1, "127.0.0.1", 40_013)).fallback(TransportKind.UDP).conclude();
        try (ReplicationTransport transport = ReplicationTransports.open(context)) {
            assertEquals("udp", transport.name());
        }
    }

    @Test
    void twoDispatchersSwapTheirQueuePairEndpointsOverTheSideChannel() throws Exception {
        final PeerEndpoint one = new PeerEndpoint(1, "127.0.0.1", freeTcpPort());
        final PeerEndpoint two = new PeerEndpoint(2, "127.0.0.1", freeTcpPort());
        try (QpSideChannel first = new QpSideChannel(one, List.of(BatchAuthenticatorTest.KEY_1));
             QpSideChannel second = new QpSideChannel(two, List.of(BatchAuthenticatorTest.KEY_1))) {
            final CompletableFuture<QpEndpoint> heardByTwo = CompletableFuture.supplyAsync(() -> exchange(second, one, ENDPOINT_2));
            assertEquals(ENDPOINT_2, first.exchange(two, ENDPOINT_1, TIMEOUT_NS), "the dialler gets the acceptor's endpoint");
            assertEquals(ENDPOINT_1, heardByTwo.get(10, TimeUnit.SECONDS), "the acceptor gets the dialler's endpoint");
        }
    }

    @Test
    void theDiallerWaitsForAPeerThatStartsLater() throws Exception {
        final PeerEndpoint one = new PeerEndpoint(1, "127.0.0.1", freeTcpPort());
        final PeerEndpoint two = new PeerEndpoint(2, "127.0.0.1", freeTcpPort());
        try (QpSideChannel first = new QpSideChannel(one, List.of(BatchAuthenticatorTest.KEY_1))) {
            final CompletableFuture<QpEndpoint> heardByOne = CompletableFuture.supplyAsync(() -> exchange(first, two, ENDPOINT_1));
            try (QpSideChannel second = new QpSideChannel(two, List.of(BatchAuthenticatorTest.KEY_1))) {
                assertEquals(ENDPOINT_1, second.exchange(one, ENDPOINT_2, TIMEOUT_NS));
                assertEquals(ENDPOINT_2, heardByOne.get(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aPeerWithAnotherKeyIsRefused() throws Exception {
        final PeerEndpoint one = new PeerEndpoint(1, "127.0.0.1", freeTcpPort());
        final PeerEndpoint two = new PeerEndpoint(2, "127.0.0.1", freeTcpPort());
        final ClusterKey otherKeySameId = new ClusterKey(BatchAuthenticatorTest.KEY_1.keyId(), new byte[32]);
        try (QpSideChannel honest = new QpSideChannel(two, List.of(BatchAuthenticatorTest.KEY_1));
             QpSideChannel forger = new QpSideChannel(one, List.of(otherKeySameId))) {
            final CompletableFuture<QpEndpoint> forged = CompletableFuture.supplyAsync(() -> exchange(forger, two, ENDPOINT_1));
            final ReplicationConfigException e = assertThrows(ReplicationConfigException.class, () -> honest.exchange(one, ENDPOINT_2, TIMEOUT_NS));
            assertEquals("RDMA side channel: QP hello from dispatcher 1 failed authentication (another cluster key?)", e.getMessage());
            forged.handle((endpoint, failure) -> null).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void noPeerWithinTheTimeoutIsNoEndpoint() throws Exception {
        final PeerEndpoint one = new PeerEndpoint(1, "127.0.0.1", freeTcpPort());
        final PeerEndpoint absent = new PeerEndpoint(2, "127.0.0.1", freeTcpPort());
        try (QpSideChannel first = new QpSideChannel(one, List.of(BatchAuthenticatorTest.KEY_1))) {
            assertNull(first.exchange(absent, ENDPOINT_1, TimeUnit.MILLISECONDS.toNanos(300)));
        }
    }

    private static QpEndpoint exchange(QpSideChannel channel, PeerEndpoint peer, QpEndpoint local) {
        try {
            return channel.exchange(peer, local, TIMEOUT_NS);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aHelloRoundTripsAndATamperedOneIsRefused() {
        final ByteBuffer buffer = ByteBuffer.allocate(QpHello.LENGTH);
        new QpHello(3, 4, ENDPOINT_1).encode(buffer, BatchAuthenticatorTest.KEY_1);
        assertEquals(QpHello.LENGTH, buffer.position());
        assertEquals(new QpHello(3, 4, ENDPOINT_1), QpHello.decode(buffer.flip(), List.of(BatchAuthenticatorTest.KEY_1)));

        buffer.put(20, (byte) (buffer.get(20) ^ 1));
        assertThrows(ReplicationConfigException.class, () -> QpHello.decode(buffer.rewind(), List.of(BatchAuthenticatorTest.KEY_1)));
    }

    @Test
    void sendSlotsComeBackInOrderWhenASignaledSendCompletes() {
        final SendSlots slots = new SendSlots(16);
        long lastSignaled = -1;
        for (int i = 0; i < 16; i++) {
            assertEquals(i, slots.claim());
            if (SendSlots.signaled(slots.nextSequence())) {
                lastSignaled = slots.nextSequence();
            }
            slots.commit();
        }
        assertEquals(-1, slots.claim(), "every slot in flight");
        assertEquals(15, lastSignaled, "a full ring holds a signaled send");
        slots.completed(7);
        assertEquals(8, slots.inFlight(), "sends 0..7 are done");
        assertEquals(0, slots.claim(), "the ring wraps to the first slot given back");
        slots.completed(3);
        assertEquals(8, slots.inFlight(), "an older completion gives nothing back twice");
        slots.completed(15);
        assertEquals(0, slots.inFlight());
        assertThrows(IllegalArgumentException.class, () -> new SendSlots(8));
    }
}
