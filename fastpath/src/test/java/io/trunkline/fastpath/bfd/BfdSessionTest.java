package io.trunkline.fastpath.bfd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The BFD control packet codec and the session state machine with an injected clock: the three-way
 * handshake, poll/final, timer negotiation and jitter, detection timeout, administrative control.
 * The "router" here is a hand-written packet per step, as RFC 5880 section 6.8.6 describes it.
 */
class BfdSessionTest {
    private static final int ROUTER_DISCRIMINATOR = 0x0A0B0C0D;
    private static final int LOCAL_DISCRIMINATOR = 0x11223344;
    private static final long MS = 1_000_000L;

    private final MemorySegment wire = MemorySegment.ofArray(new byte[BfdControlPacket.LENGTH]);
    private final BfdControlPacket packet = new BfdControlPacket().wrap(wire, 0);
    private long now = 5_000 * MS;

    private static BfdSession session(int detectMult) throws Exception {
        BfdPeer peer = new BfdPeer(0, InetAddress.getByName("198.18.0.2"));
        return new BfdSession(peer, new BfdConfig(List.of(peer), 100_000, 100_000, detectMult), LOCAL_DISCRIMINATOR, 49152, 42);
    }

    /** What the router sends: its state, flags, our discriminator once it knows it, its timers (300 ms tx, 100 ms rx, x3). */
    private void router(BfdState state, int flags, int yourDiscriminator) {
        packet.write(0, state, flags, 3, ROUTER_DISCRIMINATOR, yourDiscriminator, 300_000, 100_000);
    }

    /** The packet the session sends now (asserting one is due). */
    private BfdControlPacket sent(BfdSession session) {
        assertTrue(session.due(now), "a packet is due");
        MemorySegment out = MemorySegment.ofArray(new byte[BfdControlPacket.LENGTH]);
        BfdControlPacket written = new BfdControlPacket().wrap(out, 0);
        session.writeTo(written, now);
        assertEquals(BfdControlPacket.VALID, written.check(BfdControlPacket.LENGTH));
        return written;
    }

    private BfdSession up() throws Exception {
        BfdSession session = session(3);
        session.enable();
        router(BfdState.DOWN, 0, 0);
        session.receive(packet, now);
        sent(session);
        router(BfdState.UP, 0, LOCAL_DISCRIMINATOR);
        session.receive(packet, now);
        assertEquals(BfdState.UP, session.state());
        sent(session);
        return session;
    }

    @Test
    void staysAdminDownAndSaysSoUntilEnabled() throws Exception {
        BfdSession session = session(3);
        assertFalse(session.due(now), "passive: silent before the router speaks");
        router(BfdState.DOWN, 0, 0);
        session.receive(packet, now);
        assertEquals(BfdState.ADMIN_DOWN, session.state());
        BfdControlPacket reply = sent(session);
        assertEquals(BfdState.ADMIN_DOWN, reply.state());
        assertEquals(BfdDiagnostic.ADMINISTRATIVELY_DOWN, reply.diagnostic());
        assertEquals(ROUTER_DISCRIMINATOR, reply.yourDiscriminator());
        assertEquals(BfdSession.SLOW_TX_MICROS, reply.desiredMinTxInterval());
        assertTrue(session.status().adminDownSent());
    }

    @Test
    void downInitUpThenFastTimersAnnouncedByAPollSequence() throws Exception {
        BfdSession session = session(3);
        session.enable();
        assertEquals(BfdState.DOWN, session.state());
        router(BfdState.DOWN, 0, 0);
        session.receive(packet, now);
        assertEquals(BfdState.INIT, session.state());
        BfdControlPacket init = sent(session);
        assertEquals(BfdState.INIT, init.state());
        assertEquals(LOCAL_DISCRIMINATOR, init.myDiscriminator());
        assertEquals(ROUTER_DISCRIMINATOR, init.yourDiscriminator());
        assertEquals(BfdSession.SLOW_TX_MICROS, init.desiredMinTxInterval(), "not Up: at least 1 s (6.8.3)");
        assertEquals(3, init.detectMult());

        router(BfdState.UP, 0, LOCAL_DISCRIMINATOR);
        session.receive(packet, now);
        assertEquals(BfdState.UP, session.state());
        BfdControlPacket up = sent(session);
        assertEquals(BfdState.UP, up.state());
        assertEquals(100_000, up.desiredMinTxInterval());
        assertTrue(up.poll(), "the faster interval is announced with a Poll Sequence");
        assertFalse(up.isFinal());

        router(BfdState.UP, BfdControlPacket.FINAL, LOCAL_DISCRIMINATOR);
        session.receive(packet, now);
        assertFalse(session.pollSequence(), "the Final ends the Poll Sequence");
        now += 300 * MS;
        assertFalse(sent(session).poll());
    }

    @Test
    void downGoesStraightUpOnInit() throws Exception {
        BfdSession session = session(3);
        session.enable();
        router(BfdState.INIT, 0, LOCAL_DISCRIMINATOR);
        session.receive(packet, now);
        assertEquals(BfdState.UP, session.state());
    }

    @Test
    void aPollIsAnsweredAtOnceWithFinalAndNoPoll() throws Exception {
        BfdSession session = up();
        router(BfdState.UP, BfdControlPacket.POLL, LOCAL_DISCRIMINATOR);
        session.receive(packet, now);
        BfdControlPacket reply = sent(session);
        assertTrue(reply.isFinal());
        assertFalse(reply.poll(), "P and F are never both set (6.5)");
    }

    @Test
    void transmitIntervalIsTheSlowerOfOursAndTheRouters() throws Exception {
        BfdSession session = up();
        assertEquals(100_000, session.transmitIntervalMicros());
        packet.write(0, BfdState.UP, 0, 3, ROUTER_DISCRIMINATOR, LOCAL_DISCRIMINATOR, 300_000, 250_000);
        session.receive(packet, now);
        assertEquals(250_000, session.transmitIntervalMicros());
        assertEquals(3 * 300_000, session.detectionTimeMicros(), "router's mult x max(our min rx, its desired tx)");
    }

    @ParameterizedTest
    @CsvSource({"3, 75, 100", "1, 75, 90"})
    void periodicPacketsAreJitteredWithinTheRfcBand(int detectMult, int lowPercent, int highPercent) throws Exception {
        BfdSession session = session(detectMult);
        int low = Integer.MAX_VALUE;
        int high = 0;
        for (int i = 0; i < 10_000; i++) {
            int percent = (int) (session.jittered(100_000) / 1_000);
            low = Math.min(low, percent);
            high = Math.max(high, percent);
        }
        assertEquals(lowPercent, low);
        assertEquals(highPercent, high);
    }

    @Test
    void periodicTransmissionFollowsTheNegotiatedInterval() throws Exception {
        BfdSession session = up();
        long next = session.nextPeriodicNanos();
        assertTrue(next - now >= 75 * MS && next - now <= 100 * MS, "next packet within 75-100 % of 100 ms");
        now = next - 1;
        assertFalse(session.due(now));
        now = next;
        sent(session);
    }

    @Test
    void silenceForTheDetectionTimeTakesTheSessionDown() throws Exception {
        BfdSession session = up();
        now += session.detectionTimeMicros() * 1_000 - 1;
        session.due(now);
        assertEquals(BfdState.UP, session.state());
        now += 1;
        assertFalse(session.due(now), "the router is gone: passive again");
        assertEquals(BfdState.DOWN, session.state());
        assertEquals(BfdDiagnostic.CONTROL_DETECTION_TIME_EXPIRED, session.localDiagnostic());
        assertEquals(0, session.remoteDiscriminator());
        assertEquals(BfdSession.SLOW_TX_MICROS, session.desiredMinTxMicros());
    }

    @Test
    void routerSignallingDownOrAdminDownTakesTheSessionDown() throws Exception {
        BfdSession session = up();
        router(BfdState.DOWN, 0, LOCAL_DISCRIMINATOR);
        session.receive(packet, now);
        assertEquals(BfdState.DOWN, session.state());
        assertEquals(BfdDiagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN, session.localDiagnostic());

        BfdSession other = up();
        router(BfdState.ADMIN_DOWN, 0, LOCAL_DISCRIMINATOR);
        other.receive(packet, now);
        assertEquals(BfdState.DOWN, other.state());
        assertEquals(BfdDiagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN, other.localDiagnostic());
    }

    @Test
    void adminDownIsSentAtOnceAndIgnoresTheRouterUntilEnabled() throws Exception {
        BfdSession session = up();
        session.adminDown();
        BfdControlPacket down = sent(session);
        assertEquals(BfdState.ADMIN_DOWN, down.state());
        assertEquals(BfdDiagnostic.ADMINISTRATIVELY_DOWN, down.diagnostic());
        assertEquals(BfdSession.SLOW_TX_MICROS, down.desiredMinTxInterval());
        assertTrue(session.status().adminDownSent());
        router(BfdState.UP, 0, LOCAL_DISCRIMINATOR);
        session.receive(packet, now);
        assertEquals(BfdState.ADMIN_DOWN, session.state(), "AdminDown discards what arrives (6.8.6)");

        session.enable();
        assertEquals(BfdState.DOWN, session.state());
        assertFalse(session.status().adminDownSent());
        router(BfdState.DOWN, 0, LOCAL_DISCRIMINATOR);
        session.receive(packet, now);
        assertEquals(BfdState.INIT, session.state());
    }

    @ParameterizedTest
    @CsvSource({
        "version 2,                    0, 2",
        "length below 24,              3, 23",
        "length beyond the payload,    3, 40",
        "detect mult 0,                2, 0",
        "multipoint,                   1, 1",
        "my discriminator 0,           4, 0",
        "zero your-discr while Up,     1, 192",
    })
    void packetsFailingTheStatelessChecksAreMalformed(String name, int offset, int value) {
        packet.write(0, BfdState.DOWN, 0, 3, ROUTER_DISCRIMINATOR, 0, 1_000_000, 100_000);
        byte[] bytes = wire.toArray(ValueLayout.JAVA_BYTE);
        switch (offset) {
            case 0 -> bytes[0] = (byte) (value << 5);
            case 4 -> Arrays.fill(bytes, 4, 8, (byte) 0);
            default -> bytes[offset] = (byte) value;
        }
        BfdControlPacket bad = new BfdControlPacket().wrap(MemorySegment.ofArray(bytes), 0);
        assertEquals(BfdControlPacket.MALFORMED, bad.check(BfdControlPacket.LENGTH), name);
    }

    @Test
    void theAuthenticationBitIsRefusedAndAValidPacketAccepted() {
        packet.write(0, BfdState.DOWN, 0, 3, ROUTER_DISCRIMINATOR, 0, 1_000_000, 100_000);
        assertEquals(BfdControlPacket.VALID, packet.check(BfdControlPacket.LENGTH));
        byte[] bytes = wire.toArray(ValueLayout.JAVA_BYTE);
        bytes[1] |= BfdControlPacket.AUTHENTICATION;
        bytes[3] = 28;
        BfdControlPacket authenticated = new BfdControlPacket().wrap(MemorySegment.ofArray(Arrays.copyOf(bytes, 28)), 0);
        assertEquals(BfdControlPacket.AUTHENTICATED, authenticated.check(28));
    }
}
