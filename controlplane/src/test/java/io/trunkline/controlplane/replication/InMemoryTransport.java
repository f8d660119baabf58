package io.trunkline.controlplane.replication;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A transport between replicators of one test JVM, stepped by the test: batches sent are copied into the
 * receiver's inbox (or only recorded, while the link is cut) and delivered when the receiver polls.
 * Lets tests drop, duplicate, reorder and forge batches deterministically.
 */
final class InMemoryTransport implements ReplicationTransport {
    /** The inboxes of every node of one test. */
    static final class Network {
        private final Map<Integer, InMemoryTransport> nodes = new HashMap<>();
    }

    record Sent(int to, byte[] bytes) {
    }

    private final Network network;
    private final int[] peerIds;
    private final ArrayDeque<byte[]> inbox = new ArrayDeque<>();
    private final BatchBuffer received = new BatchBuffer(ReplicationContext.DEFAULT_MAX_BATCH_LENGTH);
    final List<Sent> sent = new ArrayList<>();
    boolean linkCut;
    /** Every send answers BACK_PRESSURED, as a link whose receiver stopped reading (it died): nothing is taken. */
    boolean backPressured;

    InMemoryTransport(Network network, int selfId, List<PeerEndpoint> peers) {
        this.network = network;
        this.peerIds = peers.stream().mapToInt(PeerEndpoint::id).toArray();
        network.nodes.put(selfId, this);
    }

    /** Puts raw bytes in this node's inbox as if a peer had sent them. */
    void inject(byte[] batch) {
        inbox.add(batch);
    }

    /** Batches delivered to this node and not yet polled. */
    int undelivered() {
        return inbox.size();
    }

    @Override
    public int maxBatchLength() {
        return ReplicationContext.DEFAULT_MAX_BATCH_LENGTH;
    }

    @Override
    public int send(int peerIndex, BatchBuffer batch, int length) {
        if (backPressured) {
            return BACK_PRESSURED;
        }
        final byte[] bytes = batch.segment().asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
        sent.add(new Sent(peerIds[peerIndex], bytes));
        final InMemoryTransport peer = network.nodes.get(peerIds[peerIndex]);
        if (peer == null) {
            return NOT_CONNECTED;
        }
        if (!linkCut) {
            peer.inbox.add(bytes);
        }
        return SENT;
    }

    @Override
    public int poll(BatchHandler handler, int limit) {
        int count = 0;
        while (count < limit && !inbox.isEmpty()) {
            final byte[] bytes = inbox.poll();
            MemorySegment.copy(bytes, 0, received.segment(), ValueLayout.JAVA_BYTE, 0, bytes.length);
            handler.onBatch(received, bytes.length);
            count++;
        }
        return count;
    }

    @Override
    public String name() {
        return "in-memory";
    }

    @Override
    public void close() {
        received.close();
    }
}
