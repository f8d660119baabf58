package io.trunkline.fastpath.flow;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlowInvalidationsTest {
    private static final long MAPPED = 0x0000_FFFF_0000_0000L;
    private static final long VIP = MAPPED | 0xC613_0001L;

    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void close() {
        arena.close();
    }

    private static long client(int n) {
        return MAPPED | (0xC612_0000L + n);
    }

    private static long word(int n) {
        return FlowCache.keyWord(6, 4, 30000 + n, 80);
    }

    private static FlowCache filledCache(Arena arena, int flows) {
        FlowCache cache = new FlowCache(arena, 1024, 8, 16);
        for (int i = 0; i < flows; i++) {
            cache.put(i * 7, 0, client(i), 0, VIP, word(i), i % 3, 0, 2, i);
        }
        return cache;
    }

    private static boolean cached(FlowCache cache, int i) {
        return cache.lookup(i * 7, 0, client(i), 0, VIP, word(i)) != FlowCache.MISS;
    }

    @Test
    void flowMessagesFromAnotherThreadReachTheWorkersCache() throws InterruptedException {
        FlowCache cache = filledCache(arena, 60);
        FlowInvalidations queue = new FlowInvalidations(64);
        Thread controlPlane = new Thread(() -> {
            for (int i = 0; i < 60; i += 2) {
                while (!queue.offerFlow(i * 7, 0, client(i), 0, VIP, word(i))) {
                    Thread.onSpinWait();
                }
            }
        }, "control-plane");
        controlPlane.start();

        int applied = 0;
        while (applied < 30) {
            int work = queue.drain(cache, 4);
            assertTrue(work <= 4, "drains at most the limit per duty cycle");
            applied += work;
            if (work == 0) {
                Thread.onSpinWait();
            }
        }
        controlPlane.join();

        for (int i = 0; i < 60; i++) {
            assertEquals(i % 2 == 1, cached(cache, i), "flow " + i);
        }
        assertEquals(0, queue.backlog());
    }

    @Test
    void backendMessageDropsAllFlowsOfThatBackend() {
        FlowCache cache = filledCache(arena, 30);
        FlowInvalidations queue = new FlowInvalidations(16);

        assertTrue(queue.offerBackend(1));
        assertEquals(1, queue.drain(cache, 10));

        for (int i = 0; i < 30; i++) {
            assertEquals(i % 3 != 1, cached(cache, i), "flow " + i);
        }
    }

    @Test
    void allMessageEmptiesTheCache() {
        FlowCache cache = filledCache(arena, 10);
        FlowInvalidations queue = new FlowInvalidations(16);

        queue.offerAll();
        queue.drain(cache, 10);

        for (int i = 0; i < 10; i++) {
            assertFalse(cached(cache, i));
        }
    }

    @Test
    void aFullRingMakesTheWorkerDropItsWholeCacheRatherThanLoseAnInvalidation() {
        FlowCache cache = filledCache(arena, 10);
        FlowInvalidations queue = new FlowInvalidations(4);
        int accepted = 0;
        while (queue.offerFlow(0, 0, client(0), 0, VIP, word(0))) {
            accepted++;
        }
        assertNotEquals(0, accepted);
        assertFalse(queue.offerFlow(9 * 7, 0, client(9), 0, VIP, word(9)));

        queue.drain(cache, 100);

        for (int i = 0; i < 10; i++) {
            assertFalse(cached(cache, i), "flow " + i);
        }
        cache.put(9 * 7, 0, client(9), 0, VIP, word(9), 0, 0, 2, 0);
        assertEquals(0, queue.drain(cache, 100), "the overflow was handled once");
        assertTrue(cached(cache, 9));
    }
}
