package io.trunkline.bench;

import io.trunkline.fastpath.packet.PacketParser;
import io.trunkline.fastpath.packet.Verdict;
import io.trunkline.fastpath.pcap.SyntheticTraffic.Family;
import io.trunkline.fastpath.pcap.SyntheticTraffic.Pattern;
import io.trunkline.fastpath.pcap.SyntheticTraffic.Traffic;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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

/** Parsing one frame in place (Ethernet, IP, transport) as the worker does it. -prof gc: 0 B/op expected. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ParseBenchmark {
    /** The frame: family and transport. */
    @Param({"IPV4_UDP", "IPV4_TCP", "IPV6_TCP"})
    public String frame;

    private final PacketParser parser = new PacketParser();
    private Arena arena;
    private long address;
    private int length;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofConfined();
        Family family = frame.startsWith("IPV6") ? Family.IPV6 : Family.IPV4;
        Pattern pattern = frame.endsWith("UDP") ? Pattern.UDP : Pattern.TCP_SYN;
        MemorySegment segment = Frames.first(new Traffic(family, pattern, 1, 64, 0), arena);
        address = segment.address();
        length = (int) segment.byteSize();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public Verdict parse() {
        return parser.parse(PacketParser.ALL_MEMORY, address, length);
    }
}
