package io.trunkline.controlplane.daemon;

/**
 * A backend's health and use as {@code trunkline health} and {@code backend list} print them.
 *
 * @param pool           the pool
 * @param backend        the backend
 * @param address        address:port checked
 * @param state          UP or DOWN (damped by rise/fall)
 * @param admin          ENABLED, DRAINING or DISABLED: what the operator set
 * @param weight         the configured weight
 * @param sessions       sessions in the shared table on this backend
 * @param checks         checks run
 * @param failures       checks failed
 * @param lastResult     the last check's outcome in words
 * @param lastLatencyMicros the last check's duration
 */
public record BackendHealthView(String pool, String backend, String address, String state, String admin, int weight,
                                long sessions, long checks, long failures, String lastResult, long lastLatencyMicros) {
}
