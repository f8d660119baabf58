package io.trunkline.fastpath.select;

import java.util.Objects;

/**
 * A backend as the selection tables see it.
 *
 * @param id     the dense id the fast path uses to index per-backend arrays (MAC, counters, load);
 *               assigned by the control plane, may differ between dispatchers
 * @param name   stable name, the same on every dispatcher (e.g. {@code "web-3"} or {@code "198.18.1.3:80"}):
 *               the Maglev permutation is derived from it, so every dispatcher builds the same table
 * @param weight relative share of new flows; 0 keeps the backend's pinned sessions but gives it no new flow
 */
public record Backend(int id, String name, int weight) {
    /** Weights above this are rejected: it keeps WRR and WLC arithmetic far from overflow. */
    public static final int MAX_WEIGHT = 1 << 16;

    public Backend {
        Objects.requireNonNull(name, "name");
        if (id < 0) {
            throw new IllegalArgumentException("backend '" + name + "': id " + id + " is negative");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("backend " + id + ": empty name");
        }
        if (weight < 0 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("backend '" + name + "': weight " + weight + " outside 0.." + MAX_WEIGHT);
        }
    }
}
