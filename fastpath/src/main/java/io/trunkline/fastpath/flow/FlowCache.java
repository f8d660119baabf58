package io.trunkline.fastpath.flow;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import io.trunkline.fastpath.packet.PacketParser;
import io.trunkline.store.FlowKey;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One worker's cache of flow to backend, in front of the shared session table. Fixed capacity, off-heap,
 * open addressing with linear probing over a bounded window of {@code probeLimit} slots. It is a cache:
 * the truth lives in the session table, so when a window is full the least recently seen flow in it is
 * overwritten, and anything may be dropped at any time. Owned by one worker thread: no atomics, no locks,
 * nothing allocated after construction.
 * <p>
 * <b>Key.</b> The session key of the session table ({@code io.trunkline.store.FlowKey}): client and VIP
 * address as two 64-bit halves each (IPv4 in its IPv4-mapped form), and one <i>key word</i>
 * {@code protocol << 40 | family << 32 | clientPort << 16 | vipPort} built by {@link #keyWord}. The caller
 * passes the key's {@link #hash}, whose low bits choose the home slot: the cache's own hash, not the session
 * key's {@code hash()} (xxHash64 over five words, fixed because every dispatcher must agree on it), because a
 * cache is private to its worker and an established flow's packet needs no other hash.
 * <p>
 * <b>Slot layout</b>: one 64-byte cache line, native byte order (never leaves the process):
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 Client Address, high 64 bits                  |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 Client Address, low 64 bits                   |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   VIP Address, high 64 bits                   | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   VIP Address, low 64 bits                    | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |   Key word: protocol &lt;&lt; 40 | family &lt;&lt; 32 |                  | 32
 *  |             clientPort &lt;&lt; 16 | vipPort                         |
 *  +---------------------------------------------------------------+
 *  |                         Table Epoch                           | 40
 *  +---------------+---------------+-------------------------------+
 *  |    Status     | Session State |           VIP Index           | 44
 *  +---------------+---------------+-------------------------------+
 *  |                          Backend Id                           | 48
 *  +---------------------------------------------------------------+
 *  |                            Stamp                              | 52
 *  +---------------------------------------------------------------+
 *  |                 Last Seen (caller's clock)                    | 56
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 * Table epoch: the worker's count of forwarding tables taken when it last found this flow's forwarding
 * valid in the current table (its VIP still there, the mode one the established lane serves, its backend
 * known); 0 when never. While the epoch still matches, a packet of the flow needs no check against the table.
 * Status: 0 empty (never used since the last {@link #clear}), 1 live, 2 deleted. A lookup walks the window
 * from the home slot and stops at the first empty slot; deletions leave "deleted" so that later entries of
 * the same window stay reachable.
 * <p>
 * <b>Invalidation in O(1).</b> Each live slot carries a stamp, {@code generation + epoch[backendId]} taken
 * when it was written. {@link #invalidateBackend} bumps the backend's epoch and {@link #invalidateAll}
 * bumps the generation; both only grow, so a slot is current exactly when its stamp still equals that sum,
 * and a stale slot reads as a miss (and is reclaimed) the next time it is met. No sweep of the whole cache,
 * which at a million slots would stall the worker for milliseconds.
 */
public final class FlowCache {
    /** Returned by {@link #lookup} when the flow is not cached. */
    public static final int MISS = -1;
    /** Bytes per slot: one cache line. */
    public static final int SLOT_LENGTH = 64;
    /** Largest VIP index a slot can hold. */
    public static final int MAX_VIP_INDEX = 0xFFFF;

    static final int CLIENT_HI_OFFSET = 0;
    static final int CLIENT_LO_OFFSET = 8;
    static final int VIP_HI_OFFSET = 16;
    static final int VIP_LO_OFFSET = 24;
    static final int KEY_WORD_OFFSET = 32;
    static final int TABLE_EPOCH_OFFSET = 40;
    static final int STATUS_OFFSET = 44;
    static final int STATE_OFFSET = 45;
    static final int VIP_INDEX_OFFSET = 46;
    static final int BACKEND_ID_OFFSET = 48;
    static final int STAMP_OFFSET = 52;
    static final int LAST_SEEN_OFFSET = 56;

    // Odd 64-bit constants (xxHash64's and splitmix64's): multiplication by them is a bijection that mixes upwards.
    private static final long MIX_CLIENT = 0x9E3779B185EBCA87L;
    private static final long MIX_VIP = 0xC2B2AE3D27D4EB4FL;
    private static final long MIX_KEY_WORD = 0x165667B19E3779F9L;
    private static final long MIX_FINAL = 0xBF58476D1CE4E5B9L;

    private static final byte EMPTY = 0;
    private static final byte LIVE = 1;
    private static final byte DELETED = 2;

    /**
     * Slots are read and written through the all-of-memory segment at their absolute address, as mbufs are:
     * a constant segment leaves the JIT nothing to check per access (a field holding {@link #slots} would
     * cost a bounds and a liveness check on each of the dozen accesses of a lookup). Safe because only the
     * owning worker touches the cache, never after its arena is closed.
     */
    private static final MemorySegment MEMORY = PacketParser.ALL_MEMORY;

    private final MemorySegment slots;
    private final long address;
    private final int mask;
    private final int probeLimit;
    private final int[] backendEpoch;
    private int generation;
    private long evictions;
    private int prefetched;

    /**
     * @param arena       owns the slots' memory; a confined arena of the worker thread suits
     * @param capacity    slots, a power of two
     * @param probeLimit  slots a lookup or insert may walk from the home slot, 1 .. capacity
     * @param maxBackends backend ids range over {@code 0 .. maxBackends - 1}
     */
    public FlowCache(Arena arena, int capacity, int probeLimit, int maxBackends) {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("flow cache capacity " + capacity + " is not a power of two");
        }
        if (probeLimit < 1 || probeLimit > capacity) {
            throw new IllegalArgumentException("probe limit " + probeLimit + " outside 1.." + capacity);
        }
        if (maxBackends < 1) {
            throw new IllegalArgumentException("max backends " + maxBackends + " must be at least 1");
        }
        this.slots = arena.allocate((long) capacity * SLOT_LENGTH, SLOT_LENGTH);
        this.address = slots.address();
        this.mask = capacity - 1;
        this.probeLimit = probeLimit;
        this.backendEpoch = new int[maxBackends];
    }

    /** The key word of a flow: protocol, family (4 or 6) and the two ports packed into one long. */
    public static long keyWord(int protocol, int family, int clientPort, int vipPort) {
        return (long) (protocol & 0xFF) << 40 | (long) (family & 0xFF) << 32
            | (long) (clientPort & 0xFFFF) << 16 | (vipPort & 0xFFFF);
    }

    /**
     * The hash to pass with a flow: a multiply-xor fold of its five words, a few cycles where the session
     * key's xxHash64 takes forty, mixed well enough in its low bits for linear probing.
     */
    public static int hash(long clientHi, long clientLo, long vipHi, long vipLo, long keyWord) {
        long h = (clientLo + Long.rotateLeft(clientHi, 32)) * MIX_CLIENT ^ (vipLo + Long.rotateLeft(vipHi, 32)) * MIX_VIP
            ^ keyWord * MIX_KEY_WORD;
        h = (h ^ h >>> 32) * MIX_FINAL;
        return (int) (h ^ h >>> 29);
    }

    /** {@link #hash} of {@code key}'s flow. */
    public static int hash(FlowKey key) {
        return hash(key.clientHi(), key.clientLo(), key.vipHi(), key.vipLo(), keyWord(key));
    }

    /** The key word of {@code key}'s flow. */
    public static long keyWord(FlowKey key) {
        return keyWord(key.protocol(), key.family(), key.clientPort(), key.vipPort());
    }

    /**
     * @return the flow's slot, valid until the next {@link #put} or invalidation; {@link #MISS} if absent
     */
    public int lookup(int hash, long clientHi, long clientLo, long vipHi, long vipLo, long keyWord) {
        for (int i = 0, slot = hash & mask; i < probeLimit; i++, slot = (slot + 1) & mask) {
            long base = offset(slot);
            byte status = MEMORY.get(JAVA_BYTE, base + STATUS_OFFSET);
            if (status == EMPTY) {
                return MISS;
            }
            if (status == LIVE && matches(base, clientHi, clientLo, vipHi, vipLo, keyWord)) {
                if (isStale(base)) {
                    MEMORY.set(JAVA_BYTE, base + STATUS_OFFSET, DELETED);
                    return MISS;
                }
                return slot;
            }
        }
        return MISS;
    }

    /**
     * Loads the home slots of {@code count} flows by their hashes, a burst ahead of their lookups: the
     * loads are independent of each other, so the CPU overlaps their cache misses (with a million flows
     * each one is a trip to DRAM) instead of paying them one lookup at a time.
     */
    public void prefetch(int[] hashes, int count) {
        int statuses = 0;
        for (int i = 0; i < count; i++) {
            statuses += MEMORY.get(JAVA_BYTE, offset(hashes[i] & mask) + STATUS_OFFSET);
        }
        prefetched = statuses; // stored, so that the compiler keeps the loads
    }

    /**
     * Caches a flow, replacing its previous entry if any. When the window holds no free slot, the live
     * entry seen least recently is overwritten (counted in {@link #evictions}).
     *
     * @param state     the session state code, as the session table stores it
     * @param vipIndex  0 .. {@link #MAX_VIP_INDEX}
     * @param now       the caller's clock, in whatever unit it uses for {@link #touch}
     * @return the slot written
     */
    public int put(int hash, long clientHi, long clientLo, long vipHi, long vipLo, long keyWord,
                   int backendId, int vipIndex, int state, long now) {
        if (vipIndex < 0 || vipIndex > MAX_VIP_INDEX) {
            throw new IllegalArgumentException("VIP index " + vipIndex + " outside 0.." + MAX_VIP_INDEX);
        }
        int free = MISS;
        int oldest = MISS;
        long oldestSeen = Long.MAX_VALUE;
        for (int i = 0, slot = hash & mask; i < probeLimit; i++, slot = (slot + 1) & mask) {
            long base = offset(slot);
            byte status = MEMORY.get(JAVA_BYTE, base + STATUS_OFFSET);
            if (status == EMPTY) {
                free = free == MISS ? slot : free;
                break;
            }
            if (status == LIVE && matches(base, clientHi, clientLo, vipHi, vipLo, keyWord)) {
                writeValue(base, backendId, vipIndex, state, now);
                return slot;
            }
            if (status == DELETED || isStale(base)) {
                free = free == MISS ? slot : free;
            } else if (lastSeen(slot) < oldestSeen) {
                oldest = slot;
                oldestSeen = lastSeen(slot);
            }
        }
        int target = free;
        if (target == MISS) {
            target = oldest;
            evictions++;
        }
        writeKey(offset(target), clientHi, clientLo, vipHi, vipLo, keyWord);
        writeValue(offset(target), backendId, vipIndex, state, now);
        return target;
    }

    /** Drops one flow. @return whether it was cached */
    public boolean invalidate(int hash, long clientHi, long clientLo, long vipHi, long vipLo, long keyWord) {
        int slot = lookup(hash, clientHi, clientLo, vipHi, vipLo, keyWord);
        if (slot == MISS) {
            return false;
        }
        MEMORY.set(JAVA_BYTE, offset(slot) + STATUS_OFFSET, DELETED);
        return true;
    }

    /** Drops every flow of one backend (backend removed or its sessions moved), in O(1). */
    public void invalidateBackend(int backendId) {
        backendEpoch[backendId]++;
    }

    /** Drops every flow, in O(1) (a lost invalidation, a new session-table snapshot). */
    public void invalidateAll() {
        generation++;
    }

    /** Returns every slot to empty: O(capacity), for start-up and tests, not for a running worker. */
    public void clear() {
        slots.fill((byte) 0);
    }

    public int backendId(int slot) {
        return MEMORY.get(JAVA_INT_UNALIGNED, offset(slot) + BACKEND_ID_OFFSET);
    }

    public int vipIndex(int slot) {
        return Short.toUnsignedInt(MEMORY.get(JAVA_SHORT_UNALIGNED, offset(slot) + VIP_INDEX_OFFSET));
    }

    public int state(int slot) {
        return MEMORY.get(JAVA_BYTE, offset(slot) + STATE_OFFSET);
    }

    /** A FIN or RST moved the session to closing, or its handshake completed. */
    public void state(int slot, int state) {
        MEMORY.set(JAVA_BYTE, offset(slot) + STATE_OFFSET, (byte) state);
    }

    /** The table epoch at which the flow's forwarding was last found valid; 0 when never since it was put. */
    public int tableEpoch(int slot) {
        return MEMORY.get(JAVA_INT_UNALIGNED, offset(slot) + TABLE_EPOCH_OFFSET);
    }

    /** Remembers that the flow's forwarding is valid in the table of {@code epoch} (never 0). */
    public void tableEpoch(int slot, int epoch) {
        MEMORY.set(JAVA_INT_UNALIGNED, offset(slot) + TABLE_EPOCH_OFFSET, epoch);
    }

    public long lastSeen(int slot) {
        return MEMORY.get(JAVA_LONG_UNALIGNED, offset(slot) + LAST_SEEN_OFFSET);
    }

    /** Records activity: one store into the line the lookup has just read. */
    public void touch(int slot, long now) {
        MEMORY.set(JAVA_LONG_UNALIGNED, offset(slot) + LAST_SEEN_OFFSET, now);
    }

    /** Live entries overwritten because their window was full, since construction. */
    public long evictions() {
        return evictions;
    }

    public int capacity() {
        return mask + 1;
    }

    /** The slot's absolute address, for {@link #MEMORY}. */
    private long offset(int slot) {
        return address + (long) slot * SLOT_LENGTH;
    }

    private boolean matches(long base, long clientHi, long clientLo, long vipHi, long vipLo, long keyWord) {
        return MEMORY.get(JAVA_LONG_UNALIGNED, base + KEY_WORD_OFFSET) == keyWord
            && MEMORY.get(JAVA_LONG_UNALIGNED, base + CLIENT_LO_OFFSET) == clientLo
            && MEMORY.get(JAVA_LONG_UNALIGNED, base + CLIENT_HI_OFFSET) == clientHi
            && MEMORY.get(JAVA_LONG_UNALIGNED, base + VIP_LO_OFFSET) == vipLo
            && MEMORY.get(JAVA_LONG_UNALIGNED, base + VIP_HI_OFFSET) == vipHi;
    }

    private boolean isStale(long base) {
        int backendId = MEMORY.get(JAVA_INT_UNALIGNED, base + BACKEND_ID_OFFSET);
        return MEMORY.get(JAVA_INT_UNALIGNED, base + STAMP_OFFSET) != generation + backendEpoch[backendId];
    }

    private void writeKey(long base, long clientHi, long clientLo, long vipHi, long vipLo, long keyWord) {
        MEMORY.set(JAVA_LONG_UNALIGNED, base + CLIENT_HI_OFFSET, clientHi);
        MEMORY.set(JAVA_LONG_UNALIGNED, base + CLIENT_LO_OFFSET, clientLo);
        MEMORY.set(JAVA_LONG_UNALIGNED, base + VIP_HI_OFFSET, vipHi);
        MEMORY.set(JAVA_LONG_UNALIGNED, base + VIP_LO_OFFSET, vipLo);
        MEMORY.set(JAVA_LONG_UNALIGNED, base + KEY_WORD_OFFSET, keyWord);
    }

    private void writeValue(long base, int backendId, int vipIndex, int state, long now) {
        MEMORY.set(JAVA_INT_UNALIGNED, base + TABLE_EPOCH_OFFSET, 0);
        MEMORY.set(JAVA_BYTE, base + STATE_OFFSET, (byte) state);
        MEMORY.set(JAVA_SHORT_UNALIGNED, base + VIP_INDEX_OFFSET, (short) vipIndex);
        MEMORY.set(JAVA_INT_UNALIGNED, base + BACKEND_ID_OFFSET, backendId);
        MEMORY.set(JAVA_INT_UNALIGNED, base + STAMP_OFFSET, generation + backendEpoch[backendId]);
        MEMORY.set(JAVA_LONG_UNALIGNED, base + LAST_SEEN_OFFSET, now);
        MEMORY.set(JAVA_BYTE, base + STATUS_OFFSET, LIVE);
    }
}
