package io.trunkline.controlplane.config;

import java.util.List;
import java.util.Objects;

/**
 * How the daemon starts the DPDK EAL. The daemon builds the lcore list, the file prefix and the
 * memory flags itself; {@code ealArgs} carries only what is left (log levels, vdev options, ...).
 *
 * @param mainLcore  the EAL main lcore, which runs the control plane's DPDK calls, never a worker
 * @param ealArgs    extra EAL arguments
 * @param memory     hugepages for production, anonymous memory ({@code --no-huge}) for labs
 * @param memorySize bytes of memory the EAL reserves ({@code -m}); 0 lets the EAL take what it finds
 */
public record DpdkConfig(int mainLcore, List<String> ealArgs, Memory memory, long memorySize) {
    /** Defaults for a file without a {@code dpdk:} section. */
    public static final DpdkConfig DEFAULT = new DpdkConfig(0, List.of(), Memory.HUGEPAGES, 0);

    public DpdkConfig {
        ealArgs = List.copyOf(ealArgs);
        Objects.requireNonNull(memory, "memory");
    }

    /** Where packet buffers live. */
    public enum Memory { HUGEPAGES, ANONYMOUS }
}
