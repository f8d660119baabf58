package io.trunkline.bench;

import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.pcap.SyntheticTraffic;
import io.trunkline.store.FlowKey;
import io.trunkline.store.SessionEntry;
import io.trunkline.store.SessionState;
import io.trunkline.store.SessionTable;
import io.trunkline.store.SessionTableConfig;
import java.io.IOException;
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
 * The Chronicle Map session table on /dev/shm, as a flow-cache miss and a session open use it: get
 * of the next of {@code sessions} stored sessions, and put (replace) of one. -prof gc: 0 B/op expected.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SessionTableBenchmark {
    @Param({"16384", "1048576"})
    public int sessions;

    private final FlowKey key = new FlowKey();
    private final SessionEntry entry = new SessionEntry();
    private Path file;
    private SessionTable table;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        file = Path.of("/dev/shm", "trunkline-jmh-sessions-" + ProcessHandle.current().pid());
        table = SessionTable.open(new SessionTableConfig(file, 2L * sessions));
        entry.version(1).createdMillis(1).lastSeenMillis(1).originId(1).state(SessionState.ESTABLISHED);
        for (int s = 0; s < sessions; s++) {
            table.put(flow(s), entry.backendId(s & 3));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        table.close();
        Files.deleteIfExists(file);
    }

    @Benchmark
    public boolean get() {
        return table.get(flow(advance()), entry);
    }

    @Benchmark
    public boolean put() {
        return table.put(flow(advance()), entry);
    }

    private int advance() {
        int s = next;
        next = next + 1 == sessions ? 0 : next + 1;
        return s;
    }

    private FlowKey flow(int s) {
        return key.ipv4(Headers.PROTOCOL_TCP, SyntheticTraffic.CLIENT + s / SyntheticTraffic.PORTS_PER_CLIENT,
                1024 + s % SyntheticTraffic.PORTS_PER_CLIENT, SyntheticTraffic.VIP, 80);
    }
}
