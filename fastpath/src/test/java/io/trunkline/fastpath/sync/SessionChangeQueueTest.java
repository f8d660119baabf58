package io.trunkline.fastpath.sync;

import io.trunkline.store.FlowKey;
import io.trunkline.store.SessionEntry;
import io.trunkline.store.SessionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionChangeQueueTest {
    private static final int VIP = 0xC6130001; // 198.19.0.1

    private record Change(SessionChangeOp op, FlowKey key, long version, SessionEntry entry) {
    }

    private final SessionChangeQueue queue = new SessionChangeQueue(64 * 1024);
    private final List<Change> drained = new ArrayList<>();
    private final SessionChangeHandler recorder = (op, key, version, entry) ->
        drained.add(new Change(op, new FlowKey().copyFrom(key), version, op.carriesEntry() ? new SessionEntry().copyFrom(entry) : null));

    @AfterEach
    void close() {
        queue.close();
    }

    @Test
    void handsEveryOpToTheConsumerInOrder() {
        final FlowKey key = new FlowKey().ipv4(FlowKey.PROTOCOL_TCP, 0xC6120001, 40_000, VIP, 80);
        final SessionEntry entry = new SessionEntry().backendId(3).state(SessionState.OPENING)
            .createdMillis(100).lastSeenMillis(100).originId(2).version(1_000);
        final FlowKey v6 = new FlowKey().ipv6(FlowKey.PROTOCOL_UDP, 0x20010db800000000L, 1, 53, 0x20010db800000000L, 2, 53);

        assertTrue(queue.offerUpsert(key, entry));
        assertTrue(queue.offerLock(v6, entry));
        assertTrue(queue.offerUnlock(v6, 1_001));
        assertTrue(queue.offerRemove(key, 1_002));

        assertEquals(4, queue.drain(recorder, 10));
        assertEquals(List.of(
            new Change(SessionChangeOp.UPSERT, key, 1_000, entry),
            new Change(SessionChangeOp.LOCK, v6, 1_000, entry),
            new Change(SessionChangeOp.UNLOCK, v6, 1_001, null),
            new Change(SessionChangeOp.REMOVE, key, 1_002, null)), drained);
        assertEquals(0, queue.drain(recorder, 10));
    }

    @Test
    void drainsNoMoreThanTheLimit() {
        final FlowKey key = new FlowKey();
        for (int i = 0; i < 5; i++) {
            queue.offerRemove(key.ipv4(FlowKey.PROTOCOL_TCP, i, 1, VIP, 80), i);
        }
        assertEquals(2, queue.drain(recorder, 2));
        assertEquals(3, queue.drain(recorder, 10));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), drained.stream().map(Change::version).toList());
    }

    @Test
    void countsAndDropsChangesWhenFullWithoutBlocking() {
        final FlowKey key = new FlowKey().ipv4(FlowKey.PROTOCOL_TCP, 1, 1, VIP, 80);
        int accepted = 0;
        for (int i = 0; i < 1_000; i++) {
            if (queue.offerRemove(key, i)) {
                accepted++;
            }
        }
        final int slot = SessionChangeQueue.MESSAGE_LENGTH + 8;
        assertEquals(64 * 1024 / slot, accepted);
        assertEquals(1_000 - accepted, queue.droppedChanges());

        assertEquals(accepted, queue.drain(recorder, Integer.MAX_VALUE));
        assertTrue(queue.offerRemove(key, 5_000), "room again after the consumer drained");
        assertFalse(drained.isEmpty());
    }
}
