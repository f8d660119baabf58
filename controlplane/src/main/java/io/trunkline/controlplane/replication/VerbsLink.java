package io.trunkline.controlplane.replication;

import io.trunkline.bindings.verbs.CompletionQueue;
import io.trunkline.bindings.verbs.DeviceContext;
import io.trunkline.bindings.verbs.MemoryRegion;
import io.trunkline.bindings.verbs.ProtectionDomain;
import io.trunkline.bindings.verbs.QpCapabilities;
import io.trunkline.bindings.verbs.QpEndpoint;
import io.trunkline.bindings.verbs.QueuePair;
import io.trunkline.bindings.verbs.RecvWorkRequests;
import io.trunkline.bindings.verbs.RtrConfig;
import io.trunkline.bindings.verbs.RtsConfig;
import io.trunkline.bindings.verbs.SendWorkRequests;
import io.trunkline.bindings.verbs.VerbsConstants;
import io.trunkline.bindings.verbs.WorkCompletions;
import org.agrona.CloseHelper;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One reliable-connected queue pair to one peer, with its own completion queues and registered buffers:
 * <pre>
 *  send region (SEND_SLOTS x slot):  batch copied in, SENT from there, slot back when a later signaled send completes
 *  recv region (RECV_SLOTS x slot):  every slot posted as a receive; a completed one is handed up, then posted again
 * </pre>
 * Built and connected by the transport's connector thread (create, INIT, post every receive, side-channel
 * exchange, RTR, RTS); from the hand-over on, used by the replicator's thread only. A failed completion
 * marks the link {@link #failed()}: the transport closes it and has the connector build a new one.
 */
final class VerbsLink implements AutoCloseable {
    static final int SEND_SLOTS = 64;
    static final int RECV_SLOTS = 128;
    static final int POLL_BATCH = 16;

    private final Arena arena = Arena.ofShared();
    private final int slotLength;
    private final CompletionQueue sendCq;
    private final CompletionQueue recvCq;
    private final QueuePair qp;
    private final MemorySegment sendMemory;
    private final MemorySegment recvMemory;
    private final MemoryRegion sendRegion;
    private final MemoryRegion recvRegion;
    private final SendWorkRequests sendRequests;
    private final RecvWorkRequests recvRequests;
    private final WorkCompletions sendCompletions;
    private final WorkCompletions recvCompletions;
    private final SendSlots sendSlots = new SendSlots(SEND_SLOTS);
    private String failure;

    /** Creates the queue pair in INIT with every receive posted, ready for {@link #connect}. */
    VerbsLink(DeviceContext device, ProtectionDomain pd, int port, int slotLength) {
        this.slotLength = slotLength;
        CompletionQueue send = null;
        CompletionQueue recv = null;
        QueuePair pair = null;
        MemoryRegion sendMr = null;
        MemoryRegion recvMr = null;
        try {
            send = device.createCompletionQueue(SEND_SLOTS);
            recv = device.createCompletionQueue(RECV_SLOTS);
            pair = pd.createRcQueuePair(send, recv, QpCapabilities.of(SEND_SLOTS, RECV_SLOTS));
            sendMemory = arena.allocate((long) SEND_SLOTS * slotLength, 64);
            recvMemory = arena.allocate((long) RECV_SLOTS * slotLength, 64);
            sendMr = pd.register(sendMemory, 0);
            recvMr = pd.register(recvMemory, VerbsConstants.IBV_ACCESS_LOCAL_WRITE);
            pair.modifyToInit(port, VerbsConstants.IBV_ACCESS_LOCAL_WRITE);
        } catch (RuntimeException e) {
            CloseHelper.quietCloseAll(pair, send, recv, sendMr, recvMr, arena);
            throw e;
        }
        sendCq = send;
        recvCq = recv;
        qp = pair;
        sendRegion = sendMr;
        recvRegion = recvMr;
        sendRequests = SendWorkRequests.allocate(arena, 1);
        recvRequests = RecvWorkRequests.allocate(arena, RECV_SLOTS);
        sendCompletions = WorkCompletions.allocate(arena, POLL_BATCH);
        recvCompletions = WorkCompletions.allocate(arena, POLL_BATCH);
        for (int slot = 0; slot < RECV_SLOTS; slot++) {
            recvRequests.set(slot, slot, recvAddress(slot), slotLength, recvRegion.lkey());
        }
        final int posted = qp.postRecv(recvRequests, RECV_SLOTS);
        if (posted != 0) {
            close();
            throw new ReplicationConfigException("RDMA: posting " + RECV_SLOTS + " receives failed with errno " + posted);
        }
    }

    QueuePair queuePair() {
        return qp;
    }

    /** INIT to RTR towards {@code remote}, then RTS. */
    void connect(RtrConfig rtr, QpEndpoint remote, RtsConfig rts) {
        qp.modifyToReadyToReceive(rtr, remote);
        qp.modifyToReadyToSend(rts);
    }

    private long recvAddress(int slot) {
        return recvMemory.address() + (long) slot * slotLength;
    }

    /** SENDs the first {@code length} bytes of {@code batch} from a free send slot. @return a {@link ReplicationTransport} result */
    int send(BatchBuffer batch, int length) {
        int slot = sendSlots.claim();
        if (slot < 0) {
            reapSends();
            slot = sendSlots.claim();
            if (slot < 0) {
                return ReplicationTransport.BACK_PRESSURED;
            }
        }
        final long offset = (long) slot * slotLength;
        MemorySegment.copy(batch.segment(), 0, sendMemory, offset, length);
        final long sequence = sendSlots.nextSequence();
        sendRequests.set(0, sequence, VerbsConstants.IBV_WR_SEND, SendSlots.signaled(sequence) ? VerbsConstants.IBV_SEND_SIGNALED : 0,
            sendMemory.address() + offset, length, sendRegion.lkey());
        final int result = qp.postSend(sendRequests, 1);
        if (result == 0) {
            sendSlots.commit();
            return ReplicationTransport.SENT;
        }
        if (result == ENOMEM) {
            return ReplicationTransport.BACK_PRESSURED;
        }
        failure = "ibv_post_send failed with errno " + result;
        return ReplicationTransport.NOT_CONNECTED;
    }

    private static final int ENOMEM = 12;

    /** Gives back the send slots whose signaled completion arrived. @return completions taken */
    int reapSends() {
        final int count = sendCq.poll(sendCompletions);
        for (int i = 0; i < count; i++) {
            if (sendCompletions.status(i) != VerbsConstants.IBV_WC_SUCCESS) {
                failure = "send completion " + WorkCompletions.statusString(sendCompletions.status(i));
            } else {
                sendSlots.completed(sendCompletions.wrId(i));
            }
        }
        if (count < 0) {
            failure = "ibv_poll_cq on the send queue failed: " + count;
        }
        return Math.max(count, 0);
    }

    /** Hands up to {@link #POLL_BATCH} received batches to {@code handler} through {@code into}, and posts their slots again. */
    int pollReceives(ReplicationTransport.BatchHandler handler, BatchBuffer into) {
        final int count = recvCq.poll(recvCompletions);
        int repost = 0;
        for (int i = 0; i < count; i++) {
            final int slot = (int) recvCompletions.wrId(i);
            if (recvCompletions.status(i) != VerbsConstants.IBV_WC_SUCCESS) {
                failure = "receive completion " + WorkCompletions.statusString(recvCompletions.status(i));
                continue;
            }
            final int length = recvCompletions.byteLength(i);
            if (length <= into.capacity()) {
                MemorySegment.copy(recvMemory, (long) slot * slotLength, into.segment(), 0, length);
                handler.onBatch(into, length);
            }
            recvRequests.set(repost++, slot, recvAddress(slot), slotLength, recvRegion.lkey());
        }
        if (repost > 0 && qp.postRecv(recvRequests, repost) != 0) {
            failure = "ibv_post_recv of " + repost + " receives failed";
        }
        if (count < 0) {
            failure = "ibv_poll_cq on the receive queue failed: " + count;
        }
        return Math.max(count, 0);
    }

    /** Why the link stopped working, or null while it works. */
    String failed() {
        return failure;
    }

    @Override
    public void close() {
        CloseHelper.quietCloseAll(qp, sendCq, recvCq, sendRegion, recvRegion, arena);
    }
}
