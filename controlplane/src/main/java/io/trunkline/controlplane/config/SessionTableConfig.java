package io.trunkline.controlplane.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The shared dispatch table (Chronicle Map), persisted so that a fast-path restart keeps sessions.
 *
 * @param path     the table file, on hugetlbfs or /dev/shm
 * @param capacity the number of sessions the table is sized for
 */
public record SessionTableConfig(Path path, long capacity) {
    public static final SessionTableConfig DEFAULT =
            new SessionTableConfig(Path.of("/dev/hugepages/trunkline-sessions"), 10_000_000L);

    public SessionTableConfig {
        Objects.requireNonNull(path, "path");
    }
}
