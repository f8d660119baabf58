package io.trunkline.fastpath.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.packet.PacketParser;
import io.trunkline.fastpath.packet.Verdict;
import io.trunkline.fastpath.testing.NativeFrame;
import io.trunkline.fastpath.testing.PacketBuilder;
import io.trunkline.store.FlowKey;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FlowPeekTest {
    private final FlowPeek peek = new FlowPeek(1);
    private final NativeFrame nativeFrame = new NativeFrame();

    @AfterEach
    void freeNativeFrame() {
        nativeFrame.close();
    }

    @Test
    void anIpv4UdpFrameGetsItsFlowCacheHash() {
        byte[] frame = PacketBuilder.ipv4("198.18.0.7", "198.19.0.1").udp(40000, 80).build();

        assertEquals(parsedHash(frame), peek(frame));
    }

    @Test
    void anIpv4TcpFrameWithOptionsGetsItsFlowCacheHash() {
        byte[] frame = PacketBuilder.ipv4("198.18.0.7", "198.19.0.1").ipv4Options(new byte[] {1, 1, 1, 1})
                .tcp(40000, 443, Headers.Tcp.SYN).build();

        assertEquals(parsedHash(frame), peek(frame));
    }

    @Test
    void anIpv6TcpFrameGetsItsFlowCacheHash() {
        byte[] frame = PacketBuilder.ipv6("2001:2::7", "2001:2:0:ff::1").tcp(40000, 80, Headers.Tcp.ACK).build();

        assertEquals(parsedHash(frame), peek(frame));
    }

    @Test
    void anAcceptedFrameKeepsItsFlowAndTcpFlags() {
        byte[] frame = PacketBuilder.ipv4("198.18.0.7", "198.19.0.1").tcp(40000, 80, Headers.Tcp.ACK | Headers.Tcp.PSH).build();
        int peeked = peek(frame);
        FlowKey flow = new FlowKey().ipv4(Headers.PROTOCOL_TCP, 0xC6120007, 40000, 0xC6130001, 80);

        assertTrue(peek.accepted(0));
        assertEquals(flow, peek.key(0));
        assertEquals(peeked, peek.hash(0));
        assertEquals(Headers.Tcp.ACK | Headers.Tcp.PSH, peek.tcpFlags(0));
        peek(PacketBuilder.ethernetOnly(0x0806, new byte[46]).build());
        assertFalse(peek.accepted(0));
    }

    @Test
    void fragmentsAndMalformedHeadersAreNotAccepted() {
        byte[] udp = PacketBuilder.ipv4("198.18.0.7", "198.19.0.1").udp(40000, 80).build();
        byte[] badUdpLength = udp.clone();
        PacketBuilder.put16(badUdpLength, 14 + 20 + 4, 7);
        byte[] badTotalLength = udp.clone();
        PacketBuilder.put16(badTotalLength, 14 + 2, udp.length);

        assertEquals(FlowPeek.NO_HASH, peek(PacketBuilder.ipv4("198.18.0.7", "198.19.0.1").fragment(0, true).udp(40000, 80).build()));
        assertEquals(FlowPeek.NO_HASH, peek(badUdpLength));
        assertEquals(FlowPeek.NO_HASH, peek(badTotalLength));
        assertFalse(peek.accepted(0));
    }

    @Test
    void otherShapesGetNoHash() {
        assertEquals(FlowPeek.NO_HASH, peek(PacketBuilder.ipv4("198.18.0.7", "198.19.0.1").vlan(0x8100, 5).udp(1, 80).build()));
        assertEquals(FlowPeek.NO_HASH, peek(PacketBuilder.ipv6("2001:2::7", "2001:2:0:ff::1").ipv6Extension(0, 0).udp(1, 80).build()));
        assertEquals(FlowPeek.NO_HASH, peek(PacketBuilder.ipv4("198.18.0.7", "198.19.0.1").icmp(8, 0, 0, new byte[8]).build()));
        assertEquals(FlowPeek.NO_HASH, peek(PacketBuilder.ethernetOnly(0x0806, new byte[46]).build()));
    }

    @Test
    void aTruncatedFrameIsNeverReadPastItsEnd() {
        byte[][] frames = {
            PacketBuilder.ipv4("198.18.0.7", "198.19.0.1").ipv4Options(new byte[40]).udp(40000, 80).build(),
            PacketBuilder.ipv6("2001:2::7", "2001:2:0:ff::1").tcp(40000, 80, Headers.Tcp.SYN).build(),
        };
        for (byte[] frame : frames) {
            for (int length = 0; length < frame.length; length++) {
                // A heap segment of exactly the truncated length throws on any read past it.
                peek(Arrays.copyOf(frame, length));
            }
        }
    }

    private int peek(byte[] frame) {
        return peek.peek(0, nativeFrame.put(frame, (byte) 0), frame.length);
    }

    /** The flow-cache hash the worker computes after a full parse. */
    private static int parsedHash(byte[] frame) {
        PacketParser parser = new PacketParser();
        assertEquals(Verdict.OK, parser.parse(MemorySegment.ofArray(frame), 0, frame.length));
        FlowKey key = new FlowKey();
        if (parser.ipVersion() == 6) {
            key.ipv6(parser.protocol(), parser.ipv6SourceHigh(), parser.ipv6SourceLow(), parser.sourcePort(),
                    parser.ipv6DestinationHigh(), parser.ipv6DestinationLow(), parser.destinationPort());
        } else {
            key.ipv4(parser.protocol(), parser.ipv4Source(), parser.sourcePort(), parser.ipv4Destination(), parser.destinationPort());
        }
        return FlowCache.hash(key);
    }
}
