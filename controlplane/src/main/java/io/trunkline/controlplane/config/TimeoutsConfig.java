package io.trunkline.controlplane.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Idle timeouts after which a session leaves the dispatch table, by state.
 *
 * @param tcpSyn         a TCP session that has seen a SYN but no established traffic yet
 * @param tcpEstablished an established TCP session
 * @param tcpClosing     a TCP session after FIN or RST
 * @param udp            a UDP flow
 */
public record TimeoutsConfig(Duration tcpSyn, Duration tcpEstablished, Duration tcpClosing, Duration udp) {
    public static final TimeoutsConfig DEFAULT = new TimeoutsConfig(
            Duration.ofSeconds(10), Duration.ofSeconds(300), Duration.ofSeconds(2), Duration.ofSeconds(30));

    public TimeoutsConfig {
        Objects.requireNonNull(tcpSyn, "tcpSyn");
        Objects.requireNonNull(tcpEstablished, "tcpEstablished");
        Objects.requireNonNull(tcpClosing, "tcpClosing");
        Objects.requireNonNull(udp, "udp");
    }
}
