package io.trunkline.bench;

import io.trunkline.fastpath.forward.PortForwarder;
import io.trunkline.fastpath.pcap.SyntheticTraffic;
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

/**
 * The per-frame work of the plain forwarder: swap the Ethernet addresses of a frame in native
 * memory through the address-based access the fast path uses. Run with -prof gc: 0 B/op expected.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MacSwapBenchmark {
    private Arena arena;
    private long frame;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofConfined();
        byte[] bytes = SyntheticTraffic.udpFrame(1024, 80, 64);
        MemorySegment segment = arena.allocate(bytes.length, 64);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, segment, 0, bytes.length);
        frame = segment.address();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public void swapMacs() {
        PortForwarder.swapMacs(frame);
    }
}
