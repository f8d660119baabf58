package io.trunkline.controlplane.config;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The Prometheus exposition endpoint.
 *
 * @param listen its HTTP address and port
 */
public record MetricsConfig(InetSocketAddress listen) {
    public static final MetricsConfig DEFAULT = new MetricsConfig(new InetSocketAddress(Addresses.LOOPBACK_V4, 9100));

    public MetricsConfig {
        Objects.requireNonNull(listen, "listen");
    }
}
