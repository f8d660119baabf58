package io.trunkline.controlplane.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Peer liveness: a peer is declared gone after {@code missLimit} intervals without a heartbeat.
 *
 * @param interval  how often each dispatcher sends a heartbeat
 * @param missLimit missed heartbeats before the peer is declared gone
 */
public record HeartbeatConfig(Duration interval, int missLimit) {
    public static final HeartbeatConfig DEFAULT = new HeartbeatConfig(Duration.ofMillis(100), 5);

    public HeartbeatConfig {
        Objects.requireNonNull(interval, "interval");
    }
}
