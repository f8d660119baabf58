package io.trunkline.controlplane.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The BFD timers the fast path offers the router (RFC 5880): the router declares this dispatcher
 * dead after {@code multiplier} intervals without a packet.
 *
 * @param txInterval desired minimum transmit interval
 * @param rxInterval required minimum receive interval
 * @param multiplier detection time multiplier
 */
public record BfdConfig(Duration txInterval, Duration rxInterval, int multiplier) {
    /** 100 ms x 3: a dead dispatcher leaves the router's ECMP group within 0.3 s. */
    public static final BfdConfig DEFAULT = new BfdConfig(Duration.ofMillis(100), Duration.ofMillis(100), 3);

    public BfdConfig {
        Objects.requireNonNull(txInterval, "txInterval");
        Objects.requireNonNull(rxInterval, "rxInterval");
    }
}
