package io.trunkline.bindings.verbs;

/**
 * The local half of the INIT to RTR (ready to receive) transition; the remote half is a
 * {@link QpEndpoint}.
 *
 * @param port            local port number (from 1)
 * @param pathMtu         IBV_MTU_*, at most the smaller of both ports' active MTUs
 * @param addressing      LID on InfiniBand, GID on RoCE
 * @param sgidIndex       the local GID table entry to send from (GID addressing only; on RoCE it picks RoCE v1/v2 and IPv4/IPv6)
 * @param minRnrTimer     the receiver-not-ready NAK delay code (12 = 0.64 ms)
 * @param maxDestRdAtomic RDMA reads/atomics the peer may have outstanding against this QP
 */
public record RtrConfig(int port, int pathMtu, Addressing addressing, int sgidIndex, int minRnrTimer, int maxDestRdAtomic) {

    public RtrConfig {
        Mtu.toBytes(pathMtu);
    }

    /**
     * The usual values for {@code port} (described by {@code local}) talking to {@code remote}: the
     * smaller active MTU, the link layer's addressing, an RNR delay of 0.64 ms, one read in flight.
     */
    public static RtrConfig of(int port, PortAttributes local, int sgidIndex, QpEndpoint remote) {
        return new RtrConfig(port, Math.min(local.activeMtu(), remote.mtu()), local.addressing(), sgidIndex, 12, 1);
    }
}
