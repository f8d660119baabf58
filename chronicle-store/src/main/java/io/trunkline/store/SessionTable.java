package io.trunkline.store;

import net.openhft.chronicle.algo.hashing.LongHashFunction;
import net.openhft.chronicle.bytes.PointerBytesStore;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.hash.serialization.DataAccess;
import net.openhft.chronicle.hash.impl.VanillaChronicleHash;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;
import net.openhft.chronicle.map.MapSegmentContext;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The dispatch (session) table: flow key to session, in an off-heap Chronicle Map persisted to a file on
 * tmpfs, shared by every process of one appliance and found again by a restarted fast path.
 * <p>
 * <b>Threads and processes.</b> Every method may be called from any thread of any process that has the
 * file open: Chronicle's per-segment inter-process locks make each operation atomic, including the
 * compare-and-set of {@link #applyIfNewer} and {@link #tombstoneIfNewer}. The {@link FlowKey} and
 * {@link SessionEntry} arguments belong to the caller's thread. A thread must not call the table from
 * inside a {@link SessionVisitor} (it would take a second segment lock under the first).
 * {@link #purgeTombstones} keeps a sweep cursor: call it from one housekeeping thread.
 * <p>
 * <b>Cost.</b> Lookups and writes allocate nothing once Chronicle's per-thread contexts exist, but each
 * costs a segment lock and a hash probe (hundreds of ns): the per-packet path reads a per-worker flow cache
 * and comes here on a miss.
 * <p>
 * <b>Tombstones.</b> A removal replicated from a peer is kept as a {@link SessionState#REMOVED} entry so
 * that an older update arriving later loses to it. {@link #get} does not see tombstones; {@link #size},
 * {@link #forEach} and the capacity do.
 * <p>
 * <b>Full.</b> Chronicle sizes each segment for {@code capacity} entries spread evenly and may add overflow
 * tiers (at least one per segment, more with {@code maxBloatFactor}); when a segment cannot grow, Chronicle
 * throws. {@link #put} then returns false, the replication methods throw {@link SessionTableFullException};
 * both count in {@link #fullRejections()}.
 */
public final class SessionTable implements AutoCloseable {
    /** The map's name in its file header and in Chronicle's messages. */
    public static final String MAP_NAME = "trunkline-sessions";

    static {
        // The appliance never phones home, even if a launcher forgot the flag (docs/architecture.md, JVM flags).
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
    }

    /** {@link #getOrOpen}: a live session was stored already, and was read. */
    public static final int FOUND = 0;
    /** {@link #getOrOpen}: the opener's session was stored. */
    public static final int OPENED = 1;
    /** {@link #getOrOpen}: no live session, and the opener declined to open one. */
    public static final int DECLINED = 2;
    /** {@link #getOrOpen}: no live session, and the table is full (counted in {@link #fullRejections()}). */
    public static final int FULL = 3;

    private static final ThreadLocal<SessionEntry> TOMBSTONE = ThreadLocal.withInitial(SessionEntry::new);
    private static final ThreadLocal<EncodedView> ENCODED = ThreadLocal.withInitial(EncodedView::new);

    private final ChronicleMap<FlowKey, SessionEntry> map;
    private final SessionTableConfig config;
    private final LongSupplier epochMillisClock;
    private final AtomicLong fullRejections = new AtomicLong();
    private final TombstoneSweep sweep = new TombstoneSweep();
    private final ThreadLocal<DataAccess<FlowKey>> keyAccess;
    private int sweepSegment;

    private SessionTable(ChronicleMap<FlowKey, SessionEntry> map, SessionTableConfig config, LongSupplier epochMillisClock) {
        this.map = map;
        this.config = config;
        this.epochMillisClock = epochMillisClock;
        this.keyAccess = ThreadLocal.withInitial(() -> chronicleHash().keyDataAccess.copy());
    }

    /** Opens with the system clock. See {@link #open(SessionTableConfig, LongSupplier)}. */
    public static SessionTable open(SessionTableConfig config) {
        return open(config, System::currentTimeMillis);
    }

    /**
     * Creates the table file, or attaches to it when it exists (another process may have it open), or, with
     * {@link SessionTableConfig#recoverAfterCrash()}, recovers it when it exists. An existing file keeps the
     * geometry it was created with: a changed capacity takes a new file.
     *
     * @param epochMillisClock stamps the tombstones {@link #tombstoneIfNewer} writes
     * @throws IllegalStateException if the directory is missing or on hugetlbfs
     * @throws UncheckedIOException  if Chronicle cannot create, map or recover the file
     */
    public static SessionTable open(SessionTableConfig config, LongSupplier epochMillisClock) {
        File file = config.file().toFile();
        checkDirectory(config.file());
        ChronicleMapBuilder<FlowKey, SessionEntry> builder = ChronicleMap.of(FlowKey.class, SessionEntry.class)
            .name(MAP_NAME)
            .keyMarshaller(FlowKeyMarshaller.INSTANCE)
            .valueMarshaller(SessionEntryMarshaller.INSTANCE)
            .constantKeySizeBySample(new FlowKey())
            .constantValueSizeBySample(new SessionEntry())
            .entries(config.capacity())
            .maxBloatFactor(config.maxBloatFactor());
        try {
            // Chronicle refuses to recover a missing file; after a reboot tmpfs is empty and the table starts anew.
            ChronicleMap<FlowKey, SessionEntry> map = config.recoverAfterCrash() && file.exists()
                ? builder.recoverPersistedTo(file, true)
                : builder.createPersistedTo(file);
            return new SessionTable(map, config, epochMillisClock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open session table " + file + ": " + e.getMessage(), e);
        }
    }

    private static void checkDirectory(Path file) {
        Path directory = file.toAbsolutePath().getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new IllegalStateException("session table directory " + directory + " does not exist");
        }
        try {
            if ("hugetlbfs".equals(Files.getFileStore(directory).type())) {
                throw new IllegalStateException("session table " + file + " is on hugetlbfs, which refuses the write(2)"
                    + " Chronicle Map creates its header with (EINVAL): use tmpfs (/dev/shm, or a tmpfs mounted huge=always)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot inspect the file system of " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a live session.
     *
     * @param into filled when the result is true, untouched otherwise
     * @return false when the key is absent or its entry is a tombstone
     */
    public boolean get(FlowKey key, SessionEntry into) {
        try (ExternalMapQueryContext<FlowKey, SessionEntry, ?> context = map.queryContext(key)) {
            MapEntry<FlowKey, SessionEntry> entry = context.entry();
            if (entry == null || storedState(entry.value()) == SessionState.REMOVED.code()) {
                return false;
            }
            entry.value().getUsing(into);
            return true;
        }
    }

    /**
     * Reads the stored entry, tombstone or not: what the last-writer-wins order compares against.
     *
     * @param into filled when the result is true, untouched otherwise
     * @return false when the key is absent
     */
    public boolean getIncludingTombstone(FlowKey key, SessionEntry into) {
        try (ExternalMapQueryContext<FlowKey, SessionEntry, ?> context = map.queryContext(key)) {
            MapEntry<FlowKey, SessionEntry> entry = context.entry();
            if (entry == null) {
                return false;
            }
            entry.value().getUsing(into);
            return true;
        }
    }

    /**
     * The owner dispatcher's write: stores {@code value} whatever is stored.
     *
     * @return false, counted in {@link #fullRejections()}, when the table is full; true when stored
     */
    public boolean put(FlowKey key, SessionEntry value) {
        try (ExternalMapQueryContext<FlowKey, SessionEntry, ?> context = map.queryContext(key)) {
            context.updateLock().lock();
            store(context, context.entry(), value);
            return true;
        } catch (IllegalStateException e) {
            if (isFull(e)) {
                fullRejections.incrementAndGet();
                return false;
            }
            throw e;
        }
    }

    /**
     * A new connection's lookup and insert in one visit of the key's segment (one hash probe, one lock): reads
     * the live session into {@code entry}, or, when there is none (absent or a tombstone), lets {@code opener}
     * fill {@code entry} and stores it, as {@link #put} would. Cheaper than {@link #get} then {@link #put}, and
     * atomic: two threads opening the same flow at once store one session, and the second reads it.
     *
     * @return {@link #FOUND}, {@link #OPENED}, {@link #DECLINED} or {@link #FULL}
     */
    public int getOrOpen(FlowKey key, SessionEntry entry, SessionOpener opener) {
        try (ExternalMapQueryContext<FlowKey, SessionEntry, ?> context = map.queryContext(key)) {
            context.updateLock().lock();
            MapEntry<FlowKey, SessionEntry> stored = context.entry();
            if (stored != null && storedState(stored.value()) != SessionState.REMOVED.code()) {
                stored.value().getUsing(entry);
                return FOUND;
            }
            if (!opener.open(key, entry)) {
                return DECLINED;
            }
            store(context, stored, entry);
            return OPENED;
        } catch (IllegalStateException e) {
            if (isFull(e)) {
                fullRejections.incrementAndGet();
                return FULL;
            }
            throw e;
        }
    }

    /**
     * Removes the entry, tombstone or not, without leaving a tombstone (expiry of a session this appliance
     * owns, purge, tests). A removal other dispatchers must respect is {@link #tombstoneIfNewer}.
     *
     * @return true if there was an entry
     */
    public boolean remove(FlowKey key) {
        try (ExternalMapQueryContext<FlowKey, SessionEntry, ?> context = map.queryContext(key)) {
            context.updateLock().lock();
            MapEntry<FlowKey, SessionEntry> entry = context.entry();
            if (entry == null) {
                return false;
            }
            context.remove(entry);
            return true;
        }
    }

    /**
     * Last-writer-wins apply of a replicated entry (a tombstone included): stores {@code value} iff nothing is
     * stored or {@code (value.version, value.originId)} is newer than the stored pair ({@link SessionEntry#isNewer}).
     * Atomic across threads and processes.
     *
     * @return true if stored; false if the stored entry is as new or newer (a duplicate changes nothing)
     * @throws SessionTableFullException when the table is full
     */
    public boolean applyIfNewer(FlowKey key, SessionEntry value) {
        try (ExternalMapQueryContext<FlowKey, SessionEntry, ?> context = map.queryContext(key)) {
            context.updateLock().lock();
            MapEntry<FlowKey, SessionEntry> entry = context.entry();
            if (entry != null && !isNewerThanStored(value.version(), value.originId(), entry.value())) {
                return false;
            }
            store(context, entry, value);
            return true;
        } catch (IllegalStateException e) {
            throw fullOrRethrow(e);
        }
    }

    /**
     * {@link #applyIfNewer(FlowKey, SessionEntry)} for a key and an entry already in their stored forms, in native
     * memory: the {@link FlowKey#SIZE} bytes {@link FlowKey#encode} writes at {@code keyOffset} and the
     * {@link SessionEntry#SIZE} bytes {@link SessionEntry#encode} writes at {@code entryOffset} (a received
     * replication record holds both). Chronicle hashes, compares and copies those bytes as they are: no decode
     * into objects, no serialization into its scratch buffers. The caller vouches for the bytes (an authenticated
     * record whose key was encoded by {@link FlowKey#encode}, reserved bytes zero, and a valid state code):
     * they are stored unchecked. Atomic across threads and processes.
     *
     * @return true if stored; false if the stored entry is as new or newer
     * @throws SessionTableFullException when the table is full
     */
    public boolean applyEncodedIfNewer(MemorySegment records, long keyOffset, long entryOffset) {
        EncodedView view = ENCODED.get();
        view.key.set(records.address() + keyOffset, FlowKey.SIZE);
        view.entry.set(records.address() + entryOffset, SessionEntry.SIZE);
        try (ExternalMapQueryContext<FlowKey, SessionEntry, ?> context = map.queryContext(view.key, 0, FlowKey.SIZE)) {
            context.updateLock().lock();
            MapEntry<FlowKey, SessionEntry> entry = context.entry();
            if (entry != null && !isNewerThanStored(view.entry.readLong(SessionEntry.VERSION_OFFSET),
                    view.entry.readUnsignedShort(SessionEntry.ORIGIN_ID_OFFSET), entry.value())) {
                return false;
            }
            Data<SessionEntry> value = context.wrapValueBytesAsData(view.entry, 0, SessionEntry.SIZE);
            if (entry != null) {
                context.replaceValue(entry, value);
            } else {
                context.insert(context.absentEntry(), value);
            }
            return true;
        } catch (IllegalStateException e) {
            throw fullOrRethrow(e);
        }
    }

    /**
     * Last-writer-wins removal: writes a {@link SessionState#REMOVED} tombstone with this version and origin iff
     * nothing is stored or the pair is newer than the stored one, so a removal beats an older update that arrives
     * after it. The tombstone keeps the stored backend and creation time and is stamped with the table's clock
     * (its {@code lastSeenMillis}), which {@link #purgeTombstones} compares.
     *
     * @return true if the tombstone was written
     * @throws SessionTableFullException when the table is full
     */
    public boolean tombstoneIfNewer(FlowKey key, long version, int originId) {
        SessionEntry tombstone = TOMBSTONE.get();
        try (ExternalMapQueryContext<FlowKey, SessionEntry, ?> context = map.queryContext(key)) {
            context.updateLock().lock();
            MapEntry<FlowKey, SessionEntry> entry = context.entry();
            long now = epochMillisClock.getAsLong();
            if (entry == null) {
                tombstone.backendId(0).createdMillis(now);
            } else if (isNewerThanStored(version, originId, entry.value())) {
                entry.value().getUsing(tombstone);
            } else {
                return false;
            }
            tombstone.state(SessionState.REMOVED).lastSeenMillis(now).version(version).originId(originId);
            store(context, entry, tombstone);
            return true;
        } catch (IllegalStateException e) {
            throw fullOrRethrow(e);
        }
    }

    /**
     * Physically removes tombstones whose {@code lastSeenMillis} is before {@code olderThanMillis}, at most
     * {@code max} of them, sweeping segment by segment from where the previous call stopped; each segment is
     * locked only while it is swept. One housekeeping thread.
     *
     * @return how many were removed
     */
    public int purgeTombstones(long olderThanMillis, int max) {
        int segments = map.segments();
        sweep.start(olderThanMillis, max);
        for (int visited = 0; visited < segments && sweep.purged < max; visited++) {
            try (MapSegmentContext<FlowKey, SessionEntry, ?> context = map.segmentContext(sweepSegment)) {
                if (context.forEachSegmentEntryWhile(sweep)) {
                    sweepSegment = (sweepSegment + 1) % segments;
                }
            }
        }
        return sweep.purged;
    }

    /**
     * Visits every entry, tombstones included, one segment at a time under that segment's lock (writers to that
     * segment wait): for snapshots and dumps, off the packet path. The key and value passed are reused per call.
     */
    public void forEach(SessionVisitor visitor) {
        FlowKey key = new FlowKey();
        SessionEntry value = new SessionEntry();
        map.forEachEntry(entry -> {
            entry.key().getUsing(key);
            entry.value().getUsing(value);
            visitor.visit(key, value);
        });
    }

    /** How many segments the map has: the units {@link #forEachInSegment} visits one at a time. */
    public int segments() {
        return map.segments();
    }

    /**
     * Visits every entry of segment {@code segment} (0 .. {@link #segments()} - 1), tombstones included, under
     * that segment's lock: a copy of the whole table taken a bounded piece at a time, so that a caller with a
     * duty cycle (the replicator serving a snapshot) never holds its thread for the whole table. The key and
     * value passed are reused per call.
     */
    public void forEachInSegment(int segment, SessionVisitor visitor) {
        FlowKey key = new FlowKey();
        SessionEntry value = new SessionEntry();
        try (MapSegmentContext<FlowKey, SessionEntry, ?> context = map.segmentContext(segment)) {
            context.forEachSegmentEntry(entry -> {
                entry.key().getUsing(key);
                entry.value().getUsing(value);
                visitor.visit(key, value);
            });
        }
    }

    /**
     * The segment (0 .. {@link #segments()} - 1) that holds {@code key} or would: Chronicle's own choice (XXH64
     * r39 of the key's stored bytes, split by the map's {@code HashSplitting}), with no lock taken and nothing
     * looked up. Writers that split keys by segment over several threads never contend for a segment's lock,
     * and each key stays with one thread.
     */
    public int segmentOf(FlowKey key) {
        DataAccess<FlowKey> access = keyAccess.get();
        try {
            return chronicleHash().hashSplitting.segmentIndex(access.getData(key).hash(LongHashFunction.xx_r39()));
        } finally {
            access.uninit();
        }
    }

    /**
     * {@link #segmentOf(FlowKey)} for a key already in its stored form: the {@link FlowKey#SIZE} bytes
     * {@link FlowKey#encode} writes, at {@code offset} of native memory. Hashes those bytes where they are.
     */
    public int segmentOfEncoded(MemorySegment keys, long offset) {
        return chronicleHash().hashSplitting.segmentIndex(LongHashFunction.xx_r39().hashMemory(keys.address() + offset, FlowKey.SIZE));
    }

    /** Entries stored, tombstones included; sums the segments' counters. */
    public long size() {
        return map.longSize();
    }

    /** The configured capacity; a file that already existed keeps the capacity it was created with. */
    public long capacity() {
        return config.capacity();
    }

    public Path file() {
        return config.file();
    }

    /**
     * Bytes of memory the table maps: Chronicle's {@code offHeapMemoryUsed()}, which for a persisted map is the
     * file's size (header, segment tiers allocated so far). Grows when overflow tiers are allocated.
     */
    public long offHeapMemoryBytes() {
        return map.offHeapMemoryUsed();
    }

    /**
     * The most {@link #offHeapMemoryBytes()} can become: the current footprint plus every overflow tier Chronicle
     * may still add ({@code remainingAutoResizes()}: one per segment at maxBloatFactor 1.0), each the size of a
     * segment's first tier (overflow tiers come in bulks whose small headers this leaves out). This is the figure
     * to hold against the memory budget.
     */
    public long maxOffHeapMemoryBytes() {
        // tierSize is public on Chronicle's implementation class only; every ChronicleMap is one.
        long tierBytes = ((VanillaChronicleHash<?, ?, ?, ?>) map).tierSize;
        return map.offHeapMemoryUsed() + map.remainingAutoResizes() * tierBytes;
    }

    /** Writes refused because the table was full, by this process since it opened the table. */
    public long fullRejections() {
        return fullRejections.get();
    }

    /** Unmaps the file in this process; other processes keep their mapping and the file stays. */
    @Override
    public void close() {
        map.close();
    }

    // hashSplitting and keyDataAccess are public on Chronicle's implementation class only; every ChronicleMap is one.
    private VanillaChronicleHash<FlowKey, ?, ?, ?> chronicleHash() {
        return (VanillaChronicleHash<FlowKey, ?, ?, ?>) map;
    }

    private static void store(ExternalMapQueryContext<FlowKey, SessionEntry, ?> context,
                              MapEntry<FlowKey, SessionEntry> entry, SessionEntry value) {
        Data<SessionEntry> data = context.wrapValueAsData(value);
        if (entry != null) {
            context.replaceValue(entry, data);
        } else {
            context.insert(context.absentEntry(), data);
        }
    }

    // The stored value is read in place at SessionEntry's offsets: no decode, no scratch object.
    private static boolean isNewerThanStored(long version, int originId, Data<SessionEntry> stored) {
        long offset = stored.offset();
        return SessionEntry.isNewer(version, originId,
            stored.bytes().readLong(offset + SessionEntry.VERSION_OFFSET),
            stored.bytes().readUnsignedShort(offset + SessionEntry.ORIGIN_ID_OFFSET));
    }

    private static byte storedState(Data<SessionEntry> stored) {
        return stored.bytes().readByte(stored.offset() + SessionEntry.STATE_OFFSET);
    }

    private static long storedLastSeen(Data<SessionEntry> stored) {
        return stored.bytes().readLong(stored.offset() + SessionEntry.LAST_SEEN_OFFSET);
    }

    // Chronicle Map 2026.1 reports a segment that cannot grow as a plain IllegalStateException:
    // "...: Attempt to allocate #9 extra segment tier, 8 is maximum." (SessionTableTest pins this).
    private static boolean isFull(IllegalStateException e) {
        String message = e.getMessage();
        return message != null && message.contains("extra segment tier");
    }

    private RuntimeException fullOrRethrow(IllegalStateException e) {
        if (!isFull(e)) {
            return e;
        }
        fullRejections.incrementAndGet();
        return new SessionTableFullException(config.file(), config.capacity(), e);
    }

    /** Chronicle views over a caller's native key and entry bytes, re-pointed per call; one per thread. */
    private static final class EncodedView {
        final PointerBytesStore key = new PointerBytesStore();
        final PointerBytesStore entry = new PointerBytesStore();
    }

    /** Removes old tombstones of one segment; reused across segments and calls. */
    private static final class TombstoneSweep implements Predicate<MapEntry<FlowKey, SessionEntry>> {
        long olderThanMillis;
        int max;
        int purged;

        void start(long olderThanMillis, int max) {
            this.olderThanMillis = olderThanMillis;
            this.max = max;
            this.purged = 0;
        }

        /** @return false to stop, leaving entries of this segment unvisited */
        @Override
        public boolean test(MapEntry<FlowKey, SessionEntry> entry) {
            if (purged >= max) {
                return false;
            }
            Data<SessionEntry> value = entry.value();
            if (storedState(value) == SessionState.REMOVED.code() && storedLastSeen(value) < olderThanMillis) {
                entry.doRemove();
                purged++;
            }
            return true;
        }
    }
}
