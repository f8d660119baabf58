package io.trunkline.fastpath.host;

import io.trunkline.bindings.dpdk.Mbuf;
import io.trunkline.fastpath.bfd.BfdEndpoint;
import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.counters.WorkerCounters;
import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.packet.PacketParser;
import io.trunkline.fastpath.packet.Verdict;
import io.trunkline.fastpath.worker.DropReasons;

/**
 * The dispatcher's own presence on its data ports, one per worker: what the worker hands it is every frame
 * that is not VIP traffic, and it answers ARP and neighbour solicitations for the own addresses in place,
 * gives BFD to the {@link BfdEndpoint}, and sends everything else for an own address to {@link #toKernel},
 * the single place where the kernel exception path will take over. VIP traffic never reaches this class.
 * <pre>
 *   not IP ──── ARP ─────────────────────────────── ArpResponder ─→ reply in place / drop
 *   IP, no VIP ─ ICMPv6 133..137 ────────────────── NeighbourDiscoveryResponder ─→ advertisement in place / drop
 *              ├ to an own address ─ UDP 3784 ──── BfdEndpoint (run here or handed to the BFD worker)
 *              │                    └ anything else ─ toKernel (counted HOST_UNHANDLED, dropped for now)
 *              └ to anyone else ─────────────────── NOT_FOR_VIP
 * </pre>
 * Results: {@link #REPLY} (the frame holds the answer; send it out of the port it came in on),
 * {@link #CONSUMED} (done with; the worker frees it), {@link #HANDED_OFF} (no longer the worker's), or a
 * drop reason. Single-threaded (the worker's), allocation-free.
 */
public final class HostTraffic {
    public static final int REPLY = -1;
    public static final int CONSUMED = -2;
    public static final int HANDED_OFF = -3;
    static final int BFD_CONTROL_PORT = 3784;

    private final long[] portMacs;
    private final WorkerCounters counters;
    private final CounterLayout layout;
    private final ArpResponder arp;
    private final NeighbourDiscoveryResponder nd;
    private final BfdEndpoint bfd;
    private OwnAddresses own = OwnAddresses.none();

    /** @param ports the worker's DPDK port ids, in its order; {@code portMacs} their MACs */
    public HostTraffic(int[] ports, long[] portMacs, int queue, WorkerCounters counters, CounterLayout layout, HostServices services) {
        this.portMacs = portMacs.clone();
        this.counters = counters;
        this.layout = layout;
        this.arp = new ArpResponder(services.neighbours());
        this.nd = new NeighbourDiscoveryResponder(services.neighbours());
        this.bfd = services.bfd();
        bfd.attach(ports, portMacs, queue, counters, layout);
    }

    /** The own addresses from the forwarding table the worker is now using. */
    public void addresses(OwnAddresses addresses) {
        own = addresses;
    }

    /** A frame the parser found not to be IP ({@link Verdict#UNSUPPORTED_ETHERTYPE}): answered if it is ARP for us. */
    public int notIp(int p, PacketParser parser) {
        if (parser.etherType() != ArpResponder.ETHERTYPE_ARP) {
            return Verdict.UNSUPPORTED_ETHERTYPE.code();
        }
        int result = arp.respond(parser.segment(), parser.base(), parser.length(), parser.l3Offset(), p, portMacs[p], own);
        if (result == REPLY) {
            counters.increment(layout.host(CounterLayout.ARP_REPLIES));
        }
        return result;
    }

    /** A parsed IP packet that is for no VIP and no NAT return. */
    public int ip(int p, Mbuf mbuf, PacketParser parser, long nowNanos) {
        boolean v6 = parser.ipVersion() == 6;
        if (v6 && parser.protocol() == Headers.PROTOCOL_ICMPV6 && parser.hasTransportHeader()
                && NeighbourDiscoveryResponder.isNeighbourDiscovery(parser.icmpType())) {
            int result = nd.respond(parser, mbuf, p, portMacs[p], own);
            if (result == REPLY) {
                counters.increment(layout.host(CounterLayout.ND_ADVERTISEMENTS));
            }
            return result;
        }
        boolean forUs = v6 ? own.isOwnIpv6(p, parser.ipv6DestinationHigh(), parser.ipv6DestinationLow())
                : own.isOwnIpv4(p, parser.ipv4Destination());
        if (!forUs) {
            return DropReasons.NOT_FOR_VIP;
        }
        if (parser.protocol() == Headers.PROTOCOL_UDP && parser.hasTransportHeader() && !parser.isFragment()
                && parser.destinationPort() == BFD_CONTROL_PORT) {
            return bfd.receive(p, mbuf, parser, nowNanos);
        }
        return toKernel(p, mbuf);
    }

    /**
     * Host traffic the fast path does not answer itself (BGP, SSH, ICMP echo, fragments for us): the
     * kernel exception path's entry. Until that path exists it is counted and dropped.
     */
    private int toKernel(int p, Mbuf mbuf) {
        return DropReasons.HOST_UNHANDLED;
    }

    /** Once per duty cycle: BFD timers and transmission. */
    public int doWork(long nowNanos) {
        return bfd.doWork(nowNanos);
    }
}
