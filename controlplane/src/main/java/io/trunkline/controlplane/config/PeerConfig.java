package io.trunkline.controlplane.config;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Another dispatcher sharing the dispatch table.
 *
 * @param id      its node id (its replication origin id)
 * @param address where its replication endpoint listens
 */
public record PeerConfig(int id, InetSocketAddress address) {
    public PeerConfig {
        Objects.requireNonNull(address, "address");
    }
}
