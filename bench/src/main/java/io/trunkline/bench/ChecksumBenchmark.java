package io.trunkline.bench;

import io.trunkline.fastpath.packet.NatRewriter;
import io.trunkline.fastpath.packet.PacketParser;
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

/**
 * The NAT rewrite of a parsed TCP frame: destination address and port replaced with RFC 1624
 * incremental updates of the IP and TCP checksums (IPv4: both; IPv6: TCP only), alternating between
 * two backends so every call changes the frame. -prof gc: 0 B/op expected.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChecksumBenchmark {
    @Param({"IPV4", "IPV6"})
    public String family;

    private final PacketParser parser = new PacketParser();
    private final NatRewriter nat = new NatRewriter();
    private Arena arena;
    private boolean v6;
    private int flip;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofConfined();
        v6 = family.equals("IPV6");
        MemorySegment frame = Frames.first(new Traffic(v6 ? Family.IPV6 : Family.IPV4, Pattern.TCP_SYN, 1, 64, 0), arena);
        if (!parser.parse(PacketParser.ALL_MEMORY, frame.address(), (int) frame.byteSize()).isOk()) {
            throw new IllegalStateException("the bench frame does not parse");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public void rewriteDestination() {
        flip ^= 1;
        if (v6) {
            nat.rewriteDestination(parser, 0x2001_0002_0000_0003L, 0x10 + flip, 8080 + flip);
        } else {
            nat.rewriteDestination(parser, 0xC6120310 + flip, 8080 + flip);
        }
    }
}
