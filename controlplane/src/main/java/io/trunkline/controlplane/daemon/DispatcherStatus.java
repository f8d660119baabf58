package io.trunkline.controlplane.daemon;

import io.trunkline.controlplane.replication.Readiness;

/**
 * One dispatcher at a glance, what {@code trunkline status} prints.
 *
 * @param node          the node name from the configuration
 * @param nodeId        the node id (the replication origin id)
 * @param version       the Trunkline version running
 * @param readiness     whether this dispatcher holds the whole shared table and serves traffic
 * @param uptimeMillis  since the daemon started
 * @param workers       fast-path workers running
 * @param ports         DPDK ports started
 * @param vips          VIPs configured
 * @param backends      backends configured, over all pools
 * @param backendsUp    backends passing their health checks
 * @param sessions      entries in the shared session table
 * @param peersUp       peers heard from within the heartbeat window
 * @param peers         peers configured
 */
public record DispatcherStatus(String node, int nodeId, String version, Readiness readiness, long uptimeMillis,
                               int workers, int ports, int vips, int backends, int backendsUp, long sessions,
                               int peersUp, int peers) {
}
