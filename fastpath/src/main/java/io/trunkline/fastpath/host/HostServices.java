package io.trunkline.fastpath.host;

import java.util.Objects;

/**
 * What a worker's {@link HostTraffic} works with beyond the worker's own resources.
 *
 * @param bfd        this worker's part in BFD: {@code Bfd.owner()} for the worker of queue 0,
 *                   {@code Bfd.forwarder()} for the others, {@link BfdEndpoint#NONE} without BFD
 * @param neighbours where ARP and neighbour-discovery senders are reported (the neighbour table's hook)
 * @param solicitor  sends the neighbour table's requests: {@code NeighbourRequests.sender()} for the worker of
 *                   queue 0, {@link HostDuty#NONE} for the others
 * @param kernel     this worker's end of the kernel exception path ({@code KernelPath.endpoint}), or
 *                   {@link KernelEndpoint#NONE}
 */
public record HostServices(BfdEndpoint bfd, NeighbourObserver neighbours, HostDuty solicitor, KernelEndpoint kernel) {
    /** No BFD, no neighbour table, no exception path: ARP and neighbour solicitations are still answered. */
    public static final HostServices NONE = new HostServices(BfdEndpoint.NONE, NeighbourObserver.NONE);

    public HostServices {
        Objects.requireNonNull(bfd, "bfd");
        Objects.requireNonNull(neighbours, "neighbours");
        Objects.requireNonNull(solicitor, "solicitor");
        Objects.requireNonNull(kernel, "kernel");
    }

    /** BFD and the neighbour hook only: no requests sent, no exception path. */
    public HostServices(BfdEndpoint bfd, NeighbourObserver neighbours) {
        this(bfd, neighbours, HostDuty.NONE, KernelEndpoint.NONE);
    }
}
