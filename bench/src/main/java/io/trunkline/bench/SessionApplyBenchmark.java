package io.trunkline.bench;

import io.trunkline.store.FlowKey;
import io.trunkline.store.SessionEntry;
import io.trunkline.store.SessionState;
import io.trunkline.store.SessionTable;
import io.trunkline.store.SessionTableConfig;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What one replicated record costs the receiver in the Chronicle session table
 * ({@link SessionTable#applyIfNewer}, the replicator's apply): a new session (insert), a newer version
 * of a stored one (replace), and a duplicate that loses last-writer-wins (lookup only). The table is a
 * fresh file on /dev/shm each iteration, sized for {@code capacity} sessions; {@code sessions} of them
 * are stored before the replace and duplicate cases. This bounds the records/s one replicator thread
 * can apply, whatever the transport. The {@code *Encoded} cases apply from the key's and entry's stored bytes
 * ({@link SessionTable#applyEncodedIfNewer}), as the replicator's appliers do.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SessionApplyBenchmark {
    @Param({"1000000"})
    int sessions;

    @Param({"8000000"})
    long capacity;

    private final FlowKey key = new FlowKey();
    private final SessionEntry entry = new SessionEntry();
    private static final long KEY_OFFSET = 24;
    private static final long ENTRY_OFFSET = KEY_OFFSET + FlowKey.SIZE;
    private final MemorySegment record = Arena.ofAuto().allocate(ENTRY_OFFSET + SessionEntry.SIZE, 8);
    private Path file;
    private SessionTable table;
    private int next;
    private long version;

    @Setup(Level.Iteration)
    public void setUp() throws IOException {
        file = Files.createTempFile(Path.of("/dev/shm"), "trunkline-jmh-sessions-", ".cm3");
        Files.delete(file);
        table = SessionTable.open(new SessionTableConfig(file, capacity));
        version = 1L << 40;
        for (int i = 0; i < sessions; i++) {
            table.applyIfNewer(key(i), entry(version++));
        }
        next = 0;
    }

    private FlowKey key(int i) {
        return key.ipv4(FlowKey.PROTOCOL_TCP, 0xC6120000 + (i >>> 15), 1024 + (i & 0x7FFF), 0xC6130001, 80);
    }

    private SessionEntry entry(long v) {
        return entry.backendId((int) v & 15).state(SessionState.OPENING).createdMillis(v).lastSeenMillis(v).originId(2).version(v);
    }

    /** A session the table has not seen: hash, segment lock, probe, allocate and write the entry. */
    @Benchmark
    public boolean insert() {
        return table.applyIfNewer(key(sessions + next++), entry(version++));
    }

    /** A newer version of a stored session: hash, lock, probe, compare, overwrite in place. */
    @Benchmark
    public boolean replace() {
        final int i = next++ % sessions;
        return table.applyIfNewer(key(i), entry(version++));
    }

    /** {@link #insert} from the key's and entry's stored bytes, as a replication applier does: no decode, no marshalling. */
    @Benchmark
    public boolean insertEncoded() {
        return applyEncoded(key(sessions + next++), entry(version++));
    }

    /** {@link #replace} from the stored bytes. */
    @Benchmark
    public boolean replaceEncoded() {
        final int i = next++ % sessions;
        return applyEncoded(key(i), entry(version++));
    }

    private boolean applyEncoded(FlowKey k, SessionEntry e) {
        k.encode(record, KEY_OFFSET);
        e.encode(record, ENTRY_OFFSET);
        return table.applyEncodedIfNewer(record, KEY_OFFSET, ENTRY_OFFSET);
    }

    /** An older version of a stored session (a duplicate): hash, lock, probe, compare, nothing written. */
    @Benchmark
    public boolean duplicate() {
        final int i = next++ % sessions;
        return table.applyIfNewer(key(i), entry(1));
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws IOException {
        table.close();
        Files.deleteIfExists(file);
    }
}
