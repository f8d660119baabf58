package io.trunkline.controlplane.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The shared dispatch table (Chronicle Map), persisted so that a fast-path restart keeps sessions.
 *
 * @param path     the table file, on tmpfs; empty when the file names none: then {@link #file} is
 *                 {@link #defaultFile} of the node's name
 * @param capacity the number of sessions the table is sized for
 */
public record SessionTableConfig(Optional<Path> path, long capacity) {
    public static final SessionTableConfig DEFAULT = new SessionTableConfig(Optional.empty(), 10_000_000L);

    public SessionTableConfig {
        Objects.requireNonNull(path, "path");
    }

    /**
     * The table file of a node whose configuration names none: on /dev/shm (tmpfs), beside the node's counters
     * file, so that two dispatchers on one host never share a table by accident. Not on hugetlbfs: Chronicle Map
     * writes its header with write(2), which hugetlbfs refuses.
     */
    public static Path defaultFile(String node) {
        return Path.of("/dev/shm", "trunkline-" + node + "-sessions");
    }

    /** The file the daemon opens: {@link #path} or, when not set, the node's {@link #defaultFile}. */
    public Path file(NodeConfig node) {
        return path.orElseGet(() -> defaultFile(node.name()));
    }
}
