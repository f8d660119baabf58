package io.trunkline.controlplane.replication;

import io.trunkline.bindings.SetupException;

/** Opens the configured transport, or the configured fallback when it is unavailable. */
public final class ReplicationTransports {
    private ReplicationTransports() {
    }

    /**
     * Opens {@code transport: udp}, or {@code transport: rdma} on the configured RDMA device. When RDMA is
     * unavailable (no device: libibverbs lists none, or the kernel has no RDMA support; libibverbs missing;
     * the port down), says so on stderr in one line and opens UDP if {@code fallback: udp} is configured.
     *
     * @throws ReplicationConfigException when the transport is unavailable and no fallback is configured,
     *                                    with a one-line message naming the reason and the setting to change
     */
    public static ReplicationTransport open(ReplicationContext context) {
        if (context.transport() == TransportKind.UDP) {
            return udp(context);
        }
        final String unavailable;
        try {
            return VerbsTransport.open(context);
        } catch (SetupException | ReplicationConfigException e) {
            unavailable = e.getMessage();
        } catch (ExceptionInInitializerError e) {
            // the verbs bindings load libibverbs when first used; a missing library fails their class initialisation
            unavailable = e.getCause() != null ? e.getCause().getMessage() : String.valueOf(e);
        }
        if (context.fallback() == TransportKind.UDP) {
            System.err.println("replication: transport rdma unavailable (" + unavailable + "); falling back to udp as configured");
            return udp(context);
        }
        throw new ReplicationConfigException("replication transport rdma unavailable (" + unavailable
            + ") and no fallback configured: set 'fallback: udp' or 'transport: udp'");
    }

    private static ReplicationTransport udp(ReplicationContext context) {
        return new AeronUdpTransport(context.self(), context.peers(), context.aeronDirectory(), context.maxBatchLength());
    }
}
