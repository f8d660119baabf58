package io.trunkline.controlplane.config;

import io.trunkline.controlplane.replication.ReplicationContext;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Replication of every session change to the peer dispatchers. Without peers the dispatcher runs
 * alone and replication is off.
 *
 * @param transport      RDMA verbs or UDP
 * @param fallback       what to use when the RDMA device fails (only with RDMA)
 * @param listen         the local replication endpoint; present when there are peers
 * @param peers          the other dispatchers
 * @param clusterKeyFile the shared key authenticating replication traffic; present when there are peers
 * @param batchDelay     how long a change may wait to share a datagram or work request with others
 * @param heartbeat      peer liveness
 * @param rdma           the RDMA device of transport rdma
 * @param appliers       threads applying the peers' changes to the session table, keys split by table segment;
 *                       0 applies them on the replication thread itself
 * @param mtu            the path MTU between the dispatchers, which sizes the batches (1500: 13 records a datagram;
 *                       9000 on jumbo-frame links: 92)
 */
public record ReplicationConfig(
        Transport transport,
        Fallback fallback,
        Optional<InetSocketAddress> listen,
        List<PeerConfig> peers,
        Optional<Path> clusterKeyFile,
        Duration batchDelay,
        HeartbeatConfig heartbeat,
        RdmaConfig rdma,
        int appliers,
        int mtu) {

    public static final ReplicationConfig DEFAULT = new ReplicationConfig(Transport.UDP, Fallback.NONE,
            Optional.empty(), List.of(), Optional.empty(), Duration.ofNanos(20_000), HeartbeatConfig.DEFAULT, RdmaConfig.DEFAULT, 0,
            ReplicationContext.DEFAULT_MTU);

    public ReplicationConfig {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(listen, "listen");
        peers = List.copyOf(peers);
        Objects.requireNonNull(clusterKeyFile, "clusterKeyFile");
        Objects.requireNonNull(batchDelay, "batchDelay");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(rdma, "rdma");
    }

    /** The replication fabric. */
    public enum Transport { UDP, RDMA }

    /** The transport taken over when RDMA fails. */
    public enum Fallback { NONE, UDP }
}
