package io.trunkline.fastpath.bfd;

import java.util.HashSet;
import java.util.List;

/**
 * The BFD sessions to run and their timers (RFC 5880 section 6.8.1, in microseconds as on the wire).
 * Every session uses the same timers; the router's own settings and the negotiation decide the rest.
 *
 * @param peers              one session per peer; the dispatcher takes the passive role and answers only these
 * @param desiredMinTxMicros bfd.DesiredMinTxInterval while Up (not Up: at least 1 s, as section 6.8.3 requires)
 * @param requiredMinRxMicros bfd.RequiredMinRxInterval
 * @param detectMult         bfd.DetectMult, 1 .. 255
 */
public record BfdConfig(List<BfdPeer> peers, long desiredMinTxMicros, long requiredMinRxMicros, int detectMult) {
    public static final long DEFAULT_INTERVAL_MICROS = 100_000;
    public static final int DEFAULT_DETECT_MULT = 3;
    private static final long MAX_INTERVAL_MICROS = 0xFFFF_FFFFL;

    public BfdConfig {
        peers = List.copyOf(peers);
        checkInterval("desired min tx interval", desiredMinTxMicros);
        checkInterval("required min rx interval", requiredMinRxMicros);
        if (detectMult < 1 || detectMult > 255) {
            throw new IllegalArgumentException("BFD detect multiplier " + detectMult + " outside 1..255");
        }
        var seen = new HashSet<BfdPeer>();
        for (BfdPeer peer : peers) {
            if (!seen.add(peer)) {
                throw new IllegalArgumentException("BFD peer " + peer.address().getHostAddress() + " on port " + peer.port() + " listed twice");
            }
        }
    }

    /** The defaults: 100 ms x 3. */
    public static BfdConfig of(List<BfdPeer> peers) {
        return new BfdConfig(peers, DEFAULT_INTERVAL_MICROS, DEFAULT_INTERVAL_MICROS, DEFAULT_DETECT_MULT);
    }

    private static void checkInterval(String name, long micros) {
        if (micros < 1 || micros > MAX_INTERVAL_MICROS) {
            throw new IllegalArgumentException("BFD " + name + " " + micros + " us outside 1.." + MAX_INTERVAL_MICROS);
        }
    }
}
