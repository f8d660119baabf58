package io.trunkline.fastpath.host;

import io.trunkline.fastpath.bfd.BfdEndpoint;
import java.util.Objects;

/**
 * What a worker's {@link HostTraffic} works with beyond the worker's own resources.
 *
 * @param bfd        this worker's part in BFD: {@code Bfd.owner()} for the worker of queue 0,
 *                   {@code Bfd.forwarder()} for the others, {@link BfdEndpoint#NONE} without BFD
 * @param neighbours where ARP and neighbour-discovery senders are reported (the neighbour table's hook)
 */
public record HostServices(BfdEndpoint bfd, NeighbourObserver neighbours) {
    /** No BFD, no neighbour table: ARP and neighbour solicitations are still answered. */
    public static final HostServices NONE = new HostServices(BfdEndpoint.NONE, NeighbourObserver.NONE);

    public HostServices {
        Objects.requireNonNull(bfd, "bfd");
        Objects.requireNonNull(neighbours, "neighbours");
    }
}
