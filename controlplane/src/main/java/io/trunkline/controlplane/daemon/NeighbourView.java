package io.trunkline.controlplane.daemon;

/**
 * One neighbour as an operator sees it.
 *
 * @param port              the data port's name
 * @param address           the neighbour's address
 * @param state             {@code INCOMPLETE}, {@code REACHABLE}, {@code PROBE}, {@code FAILED}, or {@code STATIC} for a
 *                          backend whose MAC the configuration gives
 * @param mac               its MAC, empty while unknown
 * @param sinceChangeMillis time in this state
 * @param requests          ARP requests / neighbour solicitations sent for it
 * @param failures          times resolution failed
 */
public record NeighbourView(String port, String address, String state, String mac, long sinceChangeMillis, long requests,
                            long failures) {
}
