package io.trunkline.fastpath.worker;

import io.trunkline.bindings.dpdk.Mbuf;
import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.counters.WorkerCounters;
import io.trunkline.fastpath.fate.DropReasons;
import io.trunkline.fastpath.fate.Fate;
import io.trunkline.fastpath.host.OwnAddresses;
import io.trunkline.fastpath.packet.DsrRewriter;
import io.trunkline.fastpath.packet.GueEncapsulator;
import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.packet.IpIpEncapsulator;
import io.trunkline.fastpath.packet.NatRewriter;
import io.trunkline.fastpath.packet.PacketParser;
import io.trunkline.fastpath.packet.PacketTooBigWriter;
import io.trunkline.fastpath.packet.TcpResetWriter;
import io.trunkline.fastpath.packet.Verdict;
import io.trunkline.fastpath.timer.TokenBucket;

/**
 * The last step of the slow path for one worker: the packet in the worker's {@code mbuf}, parsed into its
 * {@code parser}, rewritten for where it goes in the forwarding mode of its VIP (DSR, NAT both ways, IP-in-IP, GUE),
 * or answered in place when it cannot go (a TCP reset, ICMP too big). Each method returns the packet's {@link Fate}.
 * Worker thread only; allocation-free.
 */
final class Rewrites {
    /** ICMP too-big answers a worker sends at most, per second and at once: Linux's defaults for the ICMP it originates. */
    static final int TOO_BIG_PER_SECOND = 1000;
    static final int TOO_BIG_BURST = 50;

    private final Mbuf mbuf;
    private final PacketParser parser;
    private final WorkerCounters counters;
    private final int mtu;
    private final DsrRewriter[] dsr;
    private final NatRewriter nat = new NatRewriter();
    private final TcpResetWriter resetWriter = new TcpResetWriter();
    private final PacketTooBigWriter tooBig = new PacketTooBigWriter();
    private final TokenBucket tooBigAnswers = new TokenBucket(TOO_BIG_PER_SECOND, TOO_BIG_BURST);
    private ForwardingTable table;
    private IpIpEncapsulator ipip;
    private GueEncapsulator gue;
    private long now;

    /** @param mbuf the worker's view of the packet at hand, {@code parser} its parse */
    Rewrites(WorkerResources.Ports ports, Mbuf mbuf, PacketParser parser, WorkerCounters counters) {
        this.mbuf = mbuf;
        this.parser = parser;
        this.counters = counters;
        this.mtu = ports.mtu();
        this.dsr = new DsrRewriter[ports.ids().length];
        for (int p = 0; p < dsr.length; p++) {
            dsr[p] = new DsrRewriter(ports.macs()[p]);
        }
    }

    /** The duty cycle's time, for the rate of ICMP answers. */
    void beginCycle(long nowNanos) {
        now = nowNanos;
    }

    /** The table the worker now forwards by: its tunnel source, gateways and own addresses. */
    void table(ForwardingTable latest) {
        table = latest;
        ipip = new IpIpEncapsulator(latest.tunnelSource(), mtu);
        gue = new GueEncapsulator(latest.tunnelSource(), mtu);
    }

    /** The established lane's rewrite: the frame at native {@code address} to {@code nextHopMac} out of port index {@code p}. */
    void readdress(int p, long address, long nextHopMac) {
        dsr[p].rewrite(PacketParser.ALL_MEMORY, address, nextHopMac);
    }

    /** The parsed packet to {@code target}, the backend of VIP {@code vip} for the flow of {@code hash}. */
    int toBackend(int p, int vip, ForwardingTable.Target target, int hash) {
        return switch (table.mode(vip)) {
            case DSR -> {
                dsr[p].rewrite(parser, target.mac());
                yield Fate.FORWARD;
            }
            case NAT -> toNatBackend(p, target);
            case IPIP -> !isIpv4(target) ? DropReasons.TUNNEL_FAMILY
                    : encapsulated(p, ipip.encapsulate(parser, (int) target.addressLow(), mbuf.headroom()), IpIpEncapsulator.OVERHEAD,
                            target.mac());
            case GUE -> !isIpv4(target) ? DropReasons.TUNNEL_FAMILY
                    : encapsulated(p, gue.encapsulate(parser, (int) target.addressLow(), hash, mbuf.headroom()), GueEncapsulator.OVERHEAD,
                            target.mac());
        };
    }

    /** Destination NAT of the parsed packet to {@code target}, on the VIP's port when the backend names none. */
    int toNatBackend(int p, ForwardingTable.Target target) {
        int port = target.port() != 0 ? target.port() : parser.destinationPort();
        if (parser.ipVersion() == 6) {
            nat.rewriteDestination(parser, target.addressHigh(), target.addressLow(), port);
        } else {
            nat.rewriteDestination(parser, (int) target.addressLow(), port);
        }
        dsr[p].rewrite(parser, target.mac());
        return Fate.FORWARD;
    }

    /** A NAT reply from a backend: the source becomes VIP {@code vip} again, and it goes to the router. */
    int natReply(int p, int vip) {
        boolean v6 = parser.ipVersion() == 6;
        if (v6) {
            nat.rewriteSource(parser, table.vipHigh(vip), table.vipLow(vip), table.vipPort(vip));
        } else {
            nat.rewriteSource(parser, (int) table.vipLow(vip), table.vipPort(vip));
        }
        dsr[p].rewrite(parser, table.gatewayMac(p, v6));
        return Fate.FORWARD;
    }

    /** Answers a TCP segment of a flow whose backend is gone with a reset to the client, out of the port it came in. */
    int reset() {
        if (parser.protocol() != Headers.PROTOCOL_TCP || !parser.hasTransportHeader() || (parser.tcpFlags() & Headers.Tcp.RST) != 0) {
            return DropReasons.NO_BACKEND;
        }
        mbuf.length(resetWriter.rewrite(parser));
        counters.increment(CounterLayout.TCP_RESETS_SENT);
        return Fate.FORWARD;
    }

    private static boolean isIpv4(ForwardingTable.Target target) {
        return target.addressHigh() == 0 && (target.addressLow() >>> 32) == 0xFFFF;
    }

    private int encapsulated(int p, Verdict verdict, int overhead, long nextHopMac) {
        if (verdict == Verdict.FRAGMENTATION_NEEDED && !parser.hasQuotedFlow()) {
            return answerTooBig(p, mtu - overhead);
        }
        if (!verdict.isOk()) {
            return verdict.code();
        }
        mbuf.adjustStart(-overhead);
        readdress(p, mbuf.dataAddress(), nextHopMac);
        return Fate.FORWARD;
    }

    /**
     * Path-MTU discovery through a tunnel VIP (RFC 1191, RFC 8201): the packet may not be fragmented and does not fit
     * once encapsulated, so the client hears ICMP frag-needed / packet-too-big with the MTU that does fit, out of the
     * port the packet came in, within {@link #TOO_BIG_PER_SECOND}. The answer comes from the dispatcher's own address
     * on that port, as a router's does: the hop that cannot carry the packet is the dispatcher, not the service, and
     * the client's stack takes the MTU from the quoted packet whatever the source. Only a port without an own address
     * of the family answers from the VIP. An ICMP error never answers an ICMP error (RFC 1122 section 3.2.2).
     */
    private int answerTooBig(int p, int innerMtu) {
        if (!tooBigAnswers.take(now)) {
            return DropReasons.TOO_BIG_RATE_LIMIT;
        }
        OwnAddresses own = table.ownAddresses();
        int length;
        if (parser.ipVersion() == 4) {
            int source = own.firstIpv4(p);
            length = tooBig.rewriteIpv4(parser, source != 0 ? source : parser.ipv4Destination(), innerMtu);
        } else {
            boolean ownSource = own.hasIpv6(p);
            length = tooBig.rewriteIpv6(parser, ownSource ? own.firstIpv6High(p) : parser.ipv6DestinationHigh(),
                    ownSource ? own.firstIpv6Low(p) : parser.ipv6DestinationLow(), innerMtu, mbuf.dataLength() + mbuf.tailroom());
        }
        mbuf.length(length);
        counters.increment(CounterLayout.ICMP_TOO_BIG_SENT);
        return Fate.FORWARD;
    }
}
