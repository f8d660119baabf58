package io.trunkline.controlplane.health;

/** Whether a backend may receive new sessions, as the damped health checks see it. */
public enum HealthState {
    /** Passing checks: the backend is in the selection tables. */
    UP,
    /** Failing checks: the backend is out of the selection tables. */
    DOWN
}
