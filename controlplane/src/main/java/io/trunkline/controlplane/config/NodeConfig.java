package io.trunkline.controlplane.config;

import java.util.Objects;

/**
 * Who this dispatcher is. The id is also the replication origin id stamped on every session
 * change it broadcasts, so it must be unique among the peers.
 *
 * @param id   1..65535
 * @param name operator-facing name (logs, metrics, CLI prompt)
 */
public record NodeConfig(int id, String name) {
    public NodeConfig {
        Objects.requireNonNull(name, "name");
    }
}
