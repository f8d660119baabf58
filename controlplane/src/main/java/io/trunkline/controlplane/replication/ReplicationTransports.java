package io.trunkline.controlplane.replication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Opens the configured transport, or the configured fallback when it is unavailable. */
public final class ReplicationTransports {
    private ReplicationTransports() {
    }

    /**
     * @throws ReplicationConfigException when the transport is unavailable and no fallback is configured,
     *                                    with a one-line message naming the reason and the setting to change
     */
    public static ReplicationTransport open(ReplicationContext context) {
        if (context.transport() == TransportKind.UDP) {
            return udp(context);
        }
        final String unavailable = rdmaUnavailableReason(context.rdmaDeviceDirectory());
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

    /** Why RDMA cannot be used here. Until the verbs transport lands, that is always the case. */
    static String rdmaUnavailableReason(Path deviceDirectory) {
        if (!hasDevice(deviceDirectory)) {
            return "no RDMA device under " + deviceDirectory;
        }
        return "this build has no verbs transport yet";
    }

    private static boolean hasDevice(Path deviceDirectory) {
        if (!Files.isDirectory(deviceDirectory)) {
            return false;
        }
        try (Stream<Path> devices = Files.list(deviceDirectory)) {
            return devices.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }
}
