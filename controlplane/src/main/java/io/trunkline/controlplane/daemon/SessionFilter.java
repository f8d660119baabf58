package io.trunkline.controlplane.daemon;

import java.util.Optional;

/**
 * Which sessions a {@code sessions} command means; an empty field matches every session.
 *
 * @param vip     a VIP name from the configuration
 * @param pool    a pool name (with {@code backend}: that pool's backend)
 * @param backend a backend name
 */
public record SessionFilter(Optional<String> vip, Optional<String> pool, Optional<String> backend) {
    public static final SessionFilter ALL = new SessionFilter(Optional.empty(), Optional.empty(), Optional.empty());
}
