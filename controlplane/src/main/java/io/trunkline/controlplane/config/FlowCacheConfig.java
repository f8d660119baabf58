package io.trunkline.controlplane.config;

/**
 * The per-worker flow cache in front of the session table.
 *
 * @param entriesPerWorker slots of each worker's open-addressing table, a power of two
 */
public record FlowCacheConfig(int entriesPerWorker) {
    public static final FlowCacheConfig DEFAULT = new FlowCacheConfig(1 << 20);
}
