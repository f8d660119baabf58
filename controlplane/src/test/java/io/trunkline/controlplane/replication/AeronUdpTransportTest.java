package io.trunkline.controlplane.replication;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.net.DatagramSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Two Aeron UDP transports (embedded media drivers) on loopback, batches sized by the path MTU. */
class AeronUdpTransportTest {
    private static final long GIVE_UP_NS = TimeUnit.SECONDS.toNanos(20);

    @Test
    void batchesAreSizedForThePathMtu() {
        assertEquals(1408, ReplicationContext.maxBatchLengthForMtu(1500));
        assertEquals(8896, ReplicationContext.maxBatchLengthForMtu(9000));
        assertEquals(65440, ReplicationContext.maxBatchLengthForMtu(65535));
        assertEquals(13, ReplicationBatch.capacity(ReplicationContext.maxBatchLengthForMtu(1500)));
        assertEquals(680, ReplicationBatch.capacity(ReplicationContext.maxBatchLengthForMtu(65535)));
        assertThrows(ReplicationConfigException.class, () -> ReplicationContext.maxBatchLengthForMtu(1279));
        assertThrows(ReplicationConfigException.class, () -> ReplicationContext.maxBatchLengthForMtu(65536));
    }

    @Test
    void theReceiverWindowHoldsDozensOfLargeFrames() {
        assertEquals(128 * 1024, AeronUdpTransport.receiverWindowLength(1440));
        assertEquals(32 * 8928, AeronUdpTransport.receiverWindowLength(8928));
        assertEquals(32 * 65472, AeronUdpTransport.receiverWindowLength(65472));
        assertEquals(2 * 1024 * 1024, AeronUdpTransport.receiverWindowLength(100_000));
    }

    @Test
    void aLoopbackMtuBatchArrivesWholeInOneFrame() throws IOException {
        final int length = ReplicationContext.maxBatchLengthForMtu(ReplicationContext.MAX_MTU);
        final PeerEndpoint a = new PeerEndpoint(1, "127.0.0.1", freeUdpPort());
        final PeerEndpoint b = new PeerEndpoint(2, "127.0.0.1", freeUdpPort());
        final String dir = "/dev/shm/trunkline-aeron-test-" + ProcessHandle.current().pid();
        try (AeronUdpTransport sender = new AeronUdpTransport(a, List.of(b), dir + "-a", length);
             AeronUdpTransport receiver = new AeronUdpTransport(b, List.of(a), dir + "-b", length);
             BatchBuffer batch = new BatchBuffer(length)) {
            final byte[] sent = new byte[length];
            for (int i = 0; i < length; i++) {
                sent[i] = (byte) (i * 31 + 7);
            }
            batch.unsafeBuffer().putBytes(0, sent);
            final byte[][] received = new byte[1][];
            final long deadline = System.nanoTime() + GIVE_UP_NS;
            boolean delivered = false;
            while (received[0] == null && System.nanoTime() < deadline) {
                if (!delivered) {
                    delivered = sender.send(0, batch, length) == ReplicationTransport.SENT;
                }
                receiver.poll((buffer, got) -> received[0] = buffer.segment().asSlice(0, got).toArray(ValueLayout.JAVA_BYTE), 1);
            }
            assertArrayEquals(sent, received[0]);
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
