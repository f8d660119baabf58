package io.trunkline.controlplane.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Which RDMA device the verbs transport uses (libibverbs names, as {@code ibv_devices} lists them).
 *
 * @param device   the device, e.g. {@code mlx5_0}; empty takes the first one found
 * @param port     the device's port, 1..255
 * @param gidIndex the GID table entry of RoCE addressing (0 for InfiniBand)
 */
public record RdmaConfig(Optional<String> device, int port, int gidIndex) {
    public static final RdmaConfig DEFAULT = new RdmaConfig(Optional.empty(), 1, 0);

    public RdmaConfig {
        Objects.requireNonNull(device, "device");
    }
}
