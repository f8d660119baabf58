package io.trunkline.controlplane.replication;

/** The sync fabric: {@code transport: rdma|udp} and {@code fallback: udp} in the config. */
public enum TransportKind {
    /** RDMA verbs (InfiniBand, RoCE): RC queue pairs, batches sent with SEND. */
    RDMA,
    /** Ethernet/UDP through Aeron. */
    UDP;

    /** Parses {@code rdma} or {@code udp}, any case. */
    public static TransportKind parse(String text) {
        for (TransportKind kind : values()) {
            if (kind.name().equalsIgnoreCase(text.trim())) {
                return kind;
            }
        }
        throw new ReplicationConfigException("replication transport '" + text + "' is not one of rdma, udp");
    }
}
