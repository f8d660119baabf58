package io.trunkline.bench;

import io.trunkline.fastpath.flow.FlowCache;
import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.pcap.SyntheticTraffic;
import io.trunkline.store.FlowKey;
import java.lang.foreign.Arena;
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
 * Flow-cache hits, the established-flow path: the worker's flow hash and lookup of the next of
 * {@code flows} cached IPv4 UDP flows, taken in order so that with a million flows every probe leaves
 * the CPU caches as in the 1 M scenario. -prof gc: 0 B/op expected.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FlowCacheBenchmark {
    @Param({"16384", "1048576"})
    public int flows;

    private final FlowKey key = new FlowKey();
    private Arena arena;
    private FlowCache cache;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        cache = new FlowCache(arena, Integer.highestOneBit(2 * flows - 1) << 1, 16, 4);
        for (int f = 0; f < flows; f++) {
            flow(f);
            long keyWord = FlowCache.keyWord(key);
            cache.put(FlowCache.hash(key), key.clientHi(), key.clientLo(), key.vipHi(), key.vipLo(), keyWord, f & 3, 0, 2, 0);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public int hashAndLookup() {
        flow(next);
        next = next + 1 == flows ? 0 : next + 1;
        long word = FlowCache.keyWord(key);
        return cache.lookup(FlowCache.hash(key), key.clientHi(), key.clientLo(), key.vipHi(), key.vipLo(), word);
    }

    private void flow(int f) {
        key.ipv4(Headers.PROTOCOL_UDP, SyntheticTraffic.CLIENT + f / SyntheticTraffic.PORTS_PER_CLIENT,
                1024 + f % SyntheticTraffic.PORTS_PER_CLIENT, SyntheticTraffic.VIP, 80);
    }
}
