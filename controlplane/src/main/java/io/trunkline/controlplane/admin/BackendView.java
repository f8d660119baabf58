package io.trunkline.controlplane.admin;

/**
 * A backend as {@code backend list} shows it.
 *
 * @param port     0: the port of the VIP the session came for
 * @param admin    what the operator set: enabled, drain or disabled
 * @param health   UP or DOWN from the health checks; unknown before the first verdict
 * @param sessions sessions in the shared table on this backend
 */
public record BackendView(String pool, String name, String address, int port, int weight, int maxConnections, String admin,
                          String health, long sessions) {
}
