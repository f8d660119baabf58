package io.trunkline.controlplane.replication;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Ethernet/UDP transport: Aeron with an embedded media driver.
 * <p>
 * One exclusive unicast publication per peer on {@code aeron:udp?endpoint=<peer host>:<peer port>} and one
 * subscription on this dispatcher's own endpoint. The driver runs in {@link ThreadingMode#SHARED} with a
 * back-off idle strategy (one thread, not three: these appliances have few cores and the fast path owns
 * most of them). Its directory lives under {@code /dev/shm} with a name unique to this process and is
 * deleted on start and on close. The channel MTU is the batch size plus Aeron's 32-byte frame header,
 * so a batch is always one unfragmented frame.
 */
public final class AeronUdpTransport implements ReplicationTransport {
    /** The Aeron stream id replication uses on every channel. */
    public static final int STREAM_ID = 0x544C;
    private static final int FRAME_HEADER_LENGTH = 32;
    private static final int TERM_LENGTH = 4 * 1024 * 1024;

    private final MediaDriver driver;
    private final Aeron aeron;
    private final Subscription subscription;
    private final ExclusivePublication[] publications;
    private final BatchBuffer received;
    private final FragmentHandler fragmentHandler = this::onFragment;
    private final int maxBatchLength;
    private BatchHandler batchHandler;

    /**
     * @param self           this dispatcher's endpoint, where its subscription listens
     * @param peers          the other dispatchers, in the order {@link #send} indexes them
     * @param aeronDirectory the media driver's directory, e.g. {@code /dev/shm/trunkline-aeron-<id>-<pid>}
     * @param maxBatchLength the largest batch; a multiple of 32 minus nothing, at most 8,160
     */
    public AeronUdpTransport(PeerEndpoint self, List<PeerEndpoint> peers, String aeronDirectory, int maxBatchLength) {
        final int mtu = maxBatchLength + FRAME_HEADER_LENGTH;
        if (mtu % 32 != 0 || mtu > 8192) {
            throw new ReplicationConfigException("replication batch length " + maxBatchLength
                + " must be a multiple of 32 and at most 8160 bytes for Aeron UDP");
        }
        this.maxBatchLength = maxBatchLength;
        MediaDriver launched = null;
        Aeron connected = null;
        try {
            launched = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(aeronDirectory)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100)))
                .publicationTermBufferLength(TERM_LENGTH)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .termBufferSparseFile(true)
                .warnIfDirectoryExists(false));
            connected = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDirectory));
            driver = launched;
            aeron = connected;
            subscription = aeron.addSubscription(channel(self, mtu), STREAM_ID);
            publications = new ExclusivePublication[peers.size()];
            for (int i = 0; i < peers.size(); i++) {
                publications[i] = aeron.addExclusivePublication(channel(peers.get(i), mtu), STREAM_ID);
            }
            received = new BatchBuffer(maxBatchLength);
        } catch (RuntimeException e) {
            CloseHelper.quietCloseAll(connected, launched);
            throw new ReplicationConfigException("cannot start the Aeron UDP replication transport on " + self + ": " + e, e);
        }
    }

    private static String channel(PeerEndpoint endpoint, int mtu) {
        return "aeron:udp?endpoint=" + endpoint.host() + ":" + endpoint.port() + "|mtu=" + mtu;
    }

    @Override
    public int maxBatchLength() {
        return maxBatchLength;
    }

    @Override
    public int send(int peerIndex, BatchBuffer batch, int length) {
        final long result = publications[peerIndex].offer(batch.unsafeBuffer(), 0, length);
        if (result > 0) {
            return SENT;
        }
        return result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION ? BACK_PRESSURED : NOT_CONNECTED;
    }

    @Override
    public int poll(BatchHandler handler, int limit) {
        batchHandler = handler;
        try {
            return subscription.poll(fragmentHandler, limit);
        } finally {
            batchHandler = null;
        }
    }

    private void onFragment(DirectBuffer buffer, int offset, int length, Header header) {
        if (length > maxBatchLength) {
            return; // no peer of this configuration sends more; the replicator would reject it as malformed anyway
        }
        buffer.getBytes(offset, received.unsafeBuffer(), 0, length);
        batchHandler.onBatch(received, length);
    }

    @Override
    public String name() {
        return "udp";
    }

    @Override
    public void close() {
        CloseHelper.closeAll(aeron, driver, received);
    }
}
