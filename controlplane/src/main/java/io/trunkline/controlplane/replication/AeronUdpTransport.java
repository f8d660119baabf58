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

import java.util.List;

/**
 * Ethernet/UDP transport: Aeron with an embedded media driver.
 * <p>
 * One exclusive unicast publication per peer on {@code aeron:udp?endpoint=<peer host>:<peer port>} and one
 * subscription on this dispatcher's own endpoint. The driver runs in {@link ThreadingMode#SHARED} with a
 * back-off idle strategy (one thread, not three: these appliances have few cores and the fast path owns
 * most of them). Its directory lives under {@code /dev/shm} with a name unique to this process and is
 * deleted on start and on close. The channel MTU is the batch size plus Aeron's 32-byte frame header,
 * so a batch is always one unfragmented frame (up to Aeron's largest, 65,504 bytes: loopback and jumbo-frame
 * links take batches of hundreds of records, see {@link ReplicationContext#mtu(int)}). The receiver window and
 * socket receive buffer grow with the MTU ({@link #receiverWindowLength}), so that large frames still have
 * dozens in flight.
 */
public final class AeronUdpTransport implements ReplicationTransport {
    /** The Aeron stream id replication uses on every channel. */
    public static final int STREAM_ID = 0x544C;
    static final int FRAME_HEADER_LENGTH = 32;
    private static final int MAX_MTU = 65504;
    private static final int TERM_LENGTH = 4 * 1024 * 1024;
    private static final int FRAMES_IN_WINDOW = 32;
    private static final int MIN_WINDOW_LENGTH = 128 * 1024;

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
     * @param maxBatchLength the largest batch; a multiple of 32, at most 65,472 (Aeron's largest frame less its header)
     */
    public AeronUdpTransport(PeerEndpoint self, List<PeerEndpoint> peers, String aeronDirectory, int maxBatchLength) {
        final int mtu = maxBatchLength + FRAME_HEADER_LENGTH;
        if (mtu % 32 != 0 || mtu > MAX_MTU) {
            throw new ReplicationConfigException("replication batch length " + maxBatchLength
                + " must be a multiple of 32 and at most " + (MAX_MTU - FRAME_HEADER_LENGTH) + " bytes for Aeron UDP");
        }
        final int window = receiverWindowLength(mtu);
        this.maxBatchLength = maxBatchLength;
        MediaDriver launched = null;
        Aeron connected = null;
        try {
            launched = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(aeronDirectory)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(ControlIdle.strategy())
                .publicationTermBufferLength(TERM_LENGTH)
                .mtuLength(mtu)
                .initialWindowLength(window)
                .socketRcvbufLength(window)
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

    /**
     * Aeron's receiver window (and the socket receive buffer holding it): {@value #FRAMES_IN_WINDOW} frames, at
     * least Aeron's default 128 KiB, at most half a term: 128 KiB up to 4 KiB frames, 2 MiB less 2 KiB for 64 KiB frames; the
     * kernel caps the buffer at {@code net.core.rmem_max} (Aeron then warns on stderr at start).
     */
    static int receiverWindowLength(int mtu) {
        return Math.min(Math.max(FRAMES_IN_WINDOW * mtu, MIN_WINDOW_LENGTH), TERM_LENGTH / 2);
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
