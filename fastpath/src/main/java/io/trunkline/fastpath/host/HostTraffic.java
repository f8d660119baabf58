package io.trunkline.fastpath.host;

import io.trunkline.bindings.dpdk.Mbuf;
import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.counters.WorkerCounters;
import io.trunkline.fastpath.fate.DropReasons;
import io.trunkline.fastpath.fate.Fate;
import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.packet.PacketParser;
import io.trunkline.fastpath.packet.Verdict;

/**
 * The dispatcher's own presence on its data ports, one per worker: what the worker hands it is every frame
 * that is not VIP traffic, and it answers ARP and neighbour solicitations for the own addresses in place,
 * gives BFD to the {@link BfdEndpoint}, and sends everything else for an own address to {@link #toKernel},
 * the single place where frames enter the kernel exception path ({@link KernelEndpoint}). VIP traffic never
 * reaches this class.
 * <pre>
 *   not IP ──── ARP ─────────────────────────────── ArpResponder ─→ reply in place / reply to us: toKernel / drop
 *   IP, no VIP ─ ICMPv6 133..137 ────────────────── NeighbourDiscoveryResponder ─→ advertisement in place /
 *              │                                      advertisement to us: toKernel / drop
 *              ├ to an own address ─ UDP 3784 ──── BfdEndpoint (run here or handed to the BFD worker)
 *              │                    └ anything else ─ toKernel (BGP, SSH, ICMP echo ...; HOST_UNHANDLED without
 *              │                                      an exception path)
 *              └ to anyone else ─────────────────── NOT_FOR_VIP
 * </pre>
 * Once per duty cycle {@link #doWork} runs BFD's timers, sends the neighbour table's requests and passes
 * what the kernel sent out (the last two on the worker of queue 0 only).
 * Results are {@link Fate}s: {@code FORWARD} (the frame holds the answer; send it out of the port it came in on),
 * {@code CONSUMED} (done with; the worker frees it), {@code HANDED_OFF} (no longer the worker's), or a
 * drop reason. Single-threaded (the worker's), allocation-free.
 */
public final class HostTraffic {
    /** From the responders: the frame is for the kernel. Never returned to the worker. */
    static final int TO_KERNEL = -4;
    static final int BFD_CONTROL_PORT = 3784;

    private final long[] portMacs;
    private final WorkerCounters counters;
    private final CounterLayout layout;
    private final ArpResponder arp;
    private final NeighbourDiscoveryResponder nd;
    private final BfdEndpoint bfd;
    private final HostDuty solicitor;
    private final KernelEndpoint kernel;
    private OwnAddresses own = OwnAddresses.none();

    /** @param ports the worker's DPDK port ids, in its order; {@code portMacs} their MACs */
    public HostTraffic(int[] ports, long[] portMacs, int queue, WorkerCounters counters, CounterLayout layout, HostServices services) {
        this.portMacs = portMacs.clone();
        this.counters = counters;
        this.layout = layout;
        this.arp = new ArpResponder(services.neighbours());
        this.nd = new NeighbourDiscoveryResponder(services.neighbours());
        this.bfd = services.bfd();
        this.solicitor = services.solicitor();
        this.kernel = services.kernel();
        bfd.attach(ports, portMacs, queue, counters, layout);
        solicitor.attach(ports, portMacs, queue, counters, layout);
        kernel.attach(ports, portMacs, queue, counters, layout);
    }

    /** The own addresses from the forwarding table the worker is now using. */
    public void addresses(OwnAddresses addresses) {
        own = addresses;
    }

    /** A frame the parser found not to be IP ({@link Verdict#UNSUPPORTED_ETHERTYPE}): answered if it is ARP for us. */
    public int notIp(int p, Mbuf mbuf, PacketParser parser, long nowNanos) {
        if (parser.etherType() != ArpResponder.ETHERTYPE_ARP) {
            return Verdict.UNSUPPORTED_ETHERTYPE.code();
        }
        int result = arp.respond(parser.segment(), parser.base(), parser.length(), parser.l3Offset(), p, portMacs[p], own);
        if (result == Fate.FORWARD) {
            counters.increment(layout.host(CounterLayout.ARP_REPLIES));
        }
        return result == TO_KERNEL ? toKernel(p, mbuf, nowNanos) : result;
    }

    /** Whether a parsed IP packet is addressed to one of the dispatcher's own addresses on port index {@code p}. */
    public boolean isForUs(int p, PacketParser parser) {
        return parser.ipVersion() == 6 ? own.isOwnIpv6(p, parser.ipv6DestinationHigh(), parser.ipv6DestinationLow())
                : own.isOwnIpv4(p, parser.ipv4Destination());
    }

    /** A parsed IP packet that is for no VIP and no NAT return. */
    public int ip(int p, Mbuf mbuf, PacketParser parser, long nowNanos) {
        boolean v6 = parser.ipVersion() == 6;
        if (v6 && parser.protocol() == Headers.PROTOCOL_ICMPV6 && parser.hasTransportHeader()
                && NeighbourDiscoveryResponder.isNeighbourDiscovery(parser.icmpType())) {
            int result = nd.respond(parser, mbuf, p, portMacs[p], own);
            if (result == Fate.FORWARD) {
                counters.increment(layout.host(CounterLayout.ND_ADVERTISEMENTS));
            }
            return result == TO_KERNEL ? toKernel(p, mbuf, nowNanos) : result;
        }
        if (!isForUs(p, parser)) {
            return DropReasons.NOT_FOR_VIP;
        }
        if (parser.protocol() == Headers.PROTOCOL_UDP && parser.hasTransportHeader() && !parser.isFragment()
                && parser.destinationPort() == BFD_CONTROL_PORT) {
            return bfd.receive(p, mbuf, parser, nowNanos);
        }
        return toKernel(p, mbuf, nowNanos);
    }

    /**
     * Host traffic the fast path does not answer itself (BGP, SSH, ICMP echo, fragments for us, the answers to
     * the kernel's own ARP and ND): the kernel exception path's one entry. Without one it is counted as
     * {@code HOST_UNHANDLED} and dropped.
     */
    private int toKernel(int p, Mbuf mbuf, long nowNanos) {
        return kernel.toKernel(p, mbuf, nowNanos);
    }

    /** Once per duty cycle: BFD timers and transmission, the neighbour table's requests, the kernel's frames out. */
    public int doWork(long nowNanos) {
        return bfd.doWork(nowNanos) + solicitor.doWork(nowNanos) + kernel.doWork(nowNanos);
    }
}
