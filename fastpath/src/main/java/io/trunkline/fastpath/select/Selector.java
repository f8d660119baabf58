package io.trunkline.fastpath.select;

/**
 * Chooses the backend for a new flow of one VIP. Implementations are called on the worker thread,
 * allocate nothing and never block.
 */
public interface Selector {
    /** Returned when the VIP has no backend that takes new flows. */
    int NO_BACKEND = -1;

    /**
     * @param flowHash the flow's hash, computed alike on every dispatcher (the session key's hash)
     * @return the chosen backend's {@link Backend#id()}, or {@link #NO_BACKEND}
     */
    int select(int flowHash);
}
