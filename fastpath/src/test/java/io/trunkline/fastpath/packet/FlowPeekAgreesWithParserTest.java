package io.trunkline.fastpath.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.fastpath.flow.FlowCache;
import io.trunkline.fastpath.flow.FlowPeek;
import io.trunkline.fastpath.testing.NativeFrame;
import io.trunkline.fastpath.testing.PacketBuilder;
import io.trunkline.store.FlowKey;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker forwards an established flow on what {@link FlowPeek} read, without the full parse: so every
 * frame the peek accepts must be one the parser accepts (never a malformed frame forwarded instead of
 * dropped and counted), as an unfragmented TCP or UDP packet of the very flow and TCP flags the peek gave.
 * Checked over the parser's fixtures (valid and malformed), every truncation of them, mutations of the
 * valid ones and random frames. The peek reads native memory by absolute address, as it reads mbufs; each
 * frame is peeked twice, followed by zeros and then by ones ({@link NativeFrame}), and both answers must be
 * the same: nothing the peek says depends on a byte past the frame.
 */
class FlowPeekAgreesWithParserTest {
    private final FlowPeek peek = new FlowPeek(2);
    private final NativeFrame nativeFrame = new NativeFrame();
    private final PacketParser parser = new PacketParser();
    private final FlowKey parsed = new FlowKey();
    private int accepted;

    @AfterEach
    void freeNativeFrame() {
        nativeFrame.close();
    }

    @Test
    void theCommonShapeIsAccepted() {
        for (byte[] frame : new byte[][] {
            PacketBuilder.ipv4("198.18.0.7", "198.19.0.1").udp(40000, 80).build(),
            PacketBuilder.ipv4("198.18.0.7", "198.19.0.1").ipv4Options(new byte[] {1, 1, 1, 1}).tcp(40000, 443, Headers.Tcp.ACK).build(),
            PacketBuilder.ipv4("198.18.0.7", "198.19.0.1").ipv4Options(new byte[] {(byte) 0x94, 4, 0, 0}).udp(40000, 80).build(),
            PacketBuilder.ipv6("2001:2::7", "2001:2:0:ff::1").tcp(40000, 80, Headers.Tcp.ACK).build(),
        }) {
            assertTrue(check(frame), "not accepted");
        }
    }

    @Test
    void fixturesAndEveryTruncationOfThem() {
        PacketParserTest.fixtures().filter(fixture -> !fixture.verifyChecksum()).forEach(fixture -> {
            byte[] frame = fixture.frame();
            boolean isAccepted = check(frame);
            if (fixture.verdict() != Verdict.OK) {
                assertFalse(isAccepted, fixture.name());
            }
            for (int length = 0; length < frame.length; length++) {
                check(Arrays.copyOf(frame, length));
            }
        });
        assertTrue(accepted > 0);
    }

    @Test
    void mutatedAndRandomFrames() {
        Random random = new Random(20261124L);
        byte[][] valid = PacketParserTest.accepted().stream().map(PacketParserTest.Fixture::frame).toArray(byte[][]::new);
        for (int i = 0; i < 200_000; i++) {
            byte[] frame;
            if ((i & 1) == 0) {
                frame = valid[random.nextInt(valid.length)].clone();
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    frame[random.nextInt(Math.min(frame.length, 80))] = (byte) random.nextInt(256);
                }
                frame = Arrays.copyOf(frame, Math.max(0, frame.length - random.nextInt(4)));
            } else {
                frame = new byte[random.nextInt(120)];
                random.nextBytes(frame);
            }
            check(frame);
        }
        assertTrue(accepted > 1000, "mutations of valid frames should often stay valid: " + accepted);
    }

    /** @return whether the peek accepted the frame; fails if it accepted what the parser would not forward as that flow */
    private boolean check(byte[] frame) {
        int hash = peek.peek(0, nativeFrame.put(frame, (byte) 0), frame.length);
        int hashBeforeOnes = peek.peek(1, nativeFrame.put(frame, (byte) 0xFF), frame.length);
        Supplier<String> what = () -> "peek of " + HexFormat.of().formatHex(frame);
        assertEquals(hash, hashBeforeOnes, what);
        assertEquals(peek.accepted(0), peek.accepted(1), what);
        if (!peek.accepted(0)) {
            assertEquals(FlowPeek.NO_HASH, hash);
            return false;
        }
        accepted++;
        assertEquals(peek.key(0), peek.key(1), what);
        assertEquals(peek.tcpFlags(0), peek.tcpFlags(1), what);
        assertEquals(Verdict.OK, parser.parse(MemorySegment.ofArray(frame), 0, frame.length), what);
        assertEquals(0, parser.vlanCount(), what);
        assertFalse(parser.isFragment(), what);
        assertFalse(parser.hasQuotedFlow(), what);
        assertTrue(parser.hasTransportHeader(), what);
        if (parser.ipVersion() == 6) {
            parsed.ipv6(parser.protocol(), parser.ipv6SourceHigh(), parser.ipv6SourceLow(), parser.sourcePort(),
                    parser.ipv6DestinationHigh(), parser.ipv6DestinationLow(), parser.destinationPort());
        } else {
            parsed.ipv4(parser.protocol(), parser.ipv4Source(), parser.sourcePort(), parser.ipv4Destination(), parser.destinationPort());
        }
        assertEquals(parsed, peek.key(0), what);
        assertEquals(FlowCache.hash(parsed), hash, what);
        assertEquals(parser.tcpFlags(), peek.tcpFlags(0), what);
        return true;
    }
}
