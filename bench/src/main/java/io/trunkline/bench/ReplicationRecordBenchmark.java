package io.trunkline.bench;

import io.trunkline.controlplane.replication.RecordType;
import io.trunkline.controlplane.replication.ReplicationRecord;
import io.trunkline.fastpath.packet.Headers;
import io.trunkline.store.FlowKey;
import io.trunkline.store.SessionEntry;
import io.trunkline.store.SessionState;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** One replication record (a session upsert) written into and read from a batch buffer in place. -prof gc: 0 B/op expected. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReplicationRecordBenchmark {
    private final ReplicationRecord record = new ReplicationRecord();
    private final FlowKey key = new FlowKey();
    private final SessionEntry entry = new SessionEntry();
    private final FlowKey readKey = new FlowKey();
    private final SessionEntry readEntry = new SessionEntry();
    private Arena arena;
    private long sequence;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofConfined();
        MemorySegment buffer = arena.allocate(ReplicationRecord.LENGTH, 64);
        record.wrap(buffer, 0);
        key.ipv4(Headers.PROTOCOL_TCP, 0xC6120001, 40000, 0xC6130001, 80);
        entry.version(7).createdMillis(1).lastSeenMillis(2).backendId(3).originId(1).state(SessionState.ESTABLISHED);
        encode();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public ReplicationRecord encode() {
        return record.reset(RecordType.SESSION_UPSERT, 1, ++sequence, entry.version()).putKey(key).putEntry(entry);
    }

    @Benchmark
    public SessionEntry decode() {
        record.readKey(readKey);
        return record.readEntry(readEntry);
    }
}
