package io.trunkline.fastpath.timer;

import java.time.Duration;

/**
 * Idle timeouts per protocol and session state, in nanoseconds so that the packet path converts nothing.
 * State codes are the session table's ({@code io.trunkline.store.SessionState}): 1 opening (SYN seen, or
 * the first datagram), 2 established, 3 closing (FIN or RST seen: the linger before removal).
 *
 * @param tcpOpeningNanos     TCP after the SYN, before the handshake completes
 * @param tcpEstablishedNanos TCP established
 * @param tcpClosingNanos     TCP after FIN or RST: how long the session lingers for stray segments
 * @param datagramNanos       UDP and every other protocol, whatever the state
 */
public record Timeouts(long tcpOpeningNanos, long tcpEstablishedNanos, long tcpClosingNanos, long datagramNanos) {
    public static final int STATE_OPENING = 1;
    public static final int STATE_ESTABLISHED = 2;
    public static final int STATE_CLOSING = 3;

    private static final int PROTOCOL_TCP = 6;

    /** TCP SYN 10 s, established 300 s, closing linger 2 s, UDP 30 s. */
    public static final Timeouts DEFAULT = of(Duration.ofSeconds(10), Duration.ofSeconds(300),
        Duration.ofSeconds(2), Duration.ofSeconds(30));

    public Timeouts {
        if (tcpOpeningNanos <= 0 || tcpEstablishedNanos <= 0 || tcpClosingNanos <= 0 || datagramNanos <= 0) {
            throw new IllegalArgumentException("every timeout must be positive: " + this);
        }
    }

    public static Timeouts of(Duration tcpOpening, Duration tcpEstablished, Duration tcpClosing, Duration datagram) {
        return new Timeouts(tcpOpening.toNanos(), tcpEstablished.toNanos(), tcpClosing.toNanos(), datagram.toNanos());
    }

    /** The idle timeout of a session of this IP protocol in this state. */
    public long timeoutNanos(int protocol, int state) {
        if (protocol != PROTOCOL_TCP) {
            return datagramNanos;
        }
        return switch (state) {
            case STATE_ESTABLISHED -> tcpEstablishedNanos;
            case STATE_CLOSING -> tcpClosingNanos;
            default -> tcpOpeningNanos;
        };
    }

    /** When a session last seen at {@code lastSeen} times out: what a lazy expiry handler re-arms to. */
    public long idleDeadline(int protocol, int state, long lastSeen) {
        return lastSeen + timeoutNanos(protocol, state);
    }
}
