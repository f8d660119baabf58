package io.trunkline.store;

import java.nio.file.Path;

/**
 * Where the session table lives and how big it is.
 *
 * @param file             the map file, on hugetlbfs or tmpfs (/dev/shm) so the table stays in memory and
 *                         survives a restart of the fast path, but not of the machine
 * @param capacity         the number of sessions (tombstones included) the table is sized for
 * @param maxBloatFactor   how far past {@code capacity} Chronicle may grow the table when segments overflow,
 *                         1.0 (never; the memory bound is the file's size at creation) up to 1000
 * @param recoverAfterCrash open an existing file with Chronicle's recovery, which clears locks a crashed process
 *                         left held and verifies entry checksums (a missing file is created): only when no other
 *                         process has the file open (at appliance start-up, before the fast path starts), never
 *                         when joining a running appliance
 */
public record SessionTableConfig(Path file, long capacity, double maxBloatFactor, boolean recoverAfterCrash) {
    public static final long MAX_CAPACITY = 1L << 31;
    public static final double DEFAULT_MAX_BLOAT_FACTOR = 1.0;
    /** Chronicle Map refuses a larger factor. */
    public static final double MAX_BLOAT_FACTOR = 1000.0;

    /** @throws IllegalArgumentException naming the setting that is wrong */
    public SessionTableConfig {
        if (file == null) {
            throw new IllegalArgumentException("session table file is not set");
        }
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException(
                "session table capacity " + capacity + " is outside 1.." + MAX_CAPACITY + " (file " + file + ")");
        }
        if (!(maxBloatFactor >= 1.0 && maxBloatFactor <= MAX_BLOAT_FACTOR)) {
            throw new IllegalArgumentException("session table maxBloatFactor " + maxBloatFactor
                + " is outside 1.0.." + MAX_BLOAT_FACTOR + " (file " + file + ")");
        }
    }

    /** A table that never grows past its capacity, opened to join (not to recover). */
    public SessionTableConfig(Path file, long capacity) {
        this(file, capacity, DEFAULT_MAX_BLOAT_FACTOR, false);
    }
}
