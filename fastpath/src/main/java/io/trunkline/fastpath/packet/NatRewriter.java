package io.trunkline.fastpath.packet;

import static io.trunkline.fastpath.packet.NetworkOrder.set16;
import static io.trunkline.fastpath.packet.NetworkOrder.set32;
import static io.trunkline.fastpath.packet.NetworkOrder.set64;
import static io.trunkline.fastpath.packet.NetworkOrder.u16;

import io.trunkline.bindings.dpdk.DpdkConstants;
import io.trunkline.fastpath.packet.Headers.Ipv4;
import io.trunkline.fastpath.packet.Headers.Ipv6;
import io.trunkline.fastpath.packet.Headers.Tcp;
import java.lang.foreign.MemorySegment;

/**
 * Destination NAT to a backend and its reverse on the return path, for IPv4 and IPv6, TCP and UDP
 * (ports), ICMP and non-first fragments (addresses only). Checksums are patched with RFC 1624
 * updates, never recomputed over the payload. With checksum offload, the IPv4 header checksum is
 * zeroed and a TCP/UDP checksum field is left holding the pseudo-header sum, as DPDK requires; the
 * worker then sets {@link #offloadFlags} and {@link #txOffload} on the mbuf. Fragments and ICMP
 * always take the software path: a NIC would checksum one fragment, not the datagram.
 *
 * <p>The view's address and port fields are updated with the packet, so rewrites can be chained.
 */
public final class NatRewriter {
    private final boolean checksumOffload;

    /** Software checksums. */
    public NatRewriter() {
        this(false);
    }

    /** @param checksumOffload the port offers IPv4 and TCP/UDP checksum TX offloads and they are enabled */
    public NatRewriter(boolean checksumOffload) {
        this.checksumOffload = checksumOffload;
    }

    /** Inbound (client to VIP): destination := backend {@code address}:{@code port} (port ignored without ports). */
    public void rewriteDestination(PacketParser view, int address, int port) {
        int old = view.ipv4Destination();
        set32(view.segment(), view.base() + view.l3Offset() + Ipv4.DESTINATION, address);
        view.ipv4Destination(address);
        rewriteIpv4(view, old, address, view.destinationPort(), port, Tcp.DESTINATION_PORT);
        if (hasPorts(view)) {
            view.destinationPort(port);
        }
    }

    /** Return path (backend to client): source := VIP {@code address}:{@code port}. */
    public void rewriteSource(PacketParser view, int address, int port) {
        int old = view.ipv4Source();
        set32(view.segment(), view.base() + view.l3Offset() + Ipv4.SOURCE, address);
        view.ipv4Source(address);
        rewriteIpv4(view, old, address, view.sourcePort(), port, Tcp.SOURCE_PORT);
        if (hasPorts(view)) {
            view.sourcePort(port);
        }
    }

    /** IPv6 inbound: destination := backend. */
    public void rewriteDestination(PacketParser view, long high, long low, int port) {
        long oldHigh = view.ipv6DestinationHigh();
        long oldLow = view.ipv6DestinationLow();
        writeIpv6(view, Ipv6.DESTINATION, high, low);
        view.ipv6Destination(high, low);
        rewriteIpv6(view, oldHigh, oldLow, high, low, view.destinationPort(), port, Tcp.DESTINATION_PORT);
        if (hasPorts(view)) {
            view.destinationPort(port);
        }
    }

    /** IPv6 return path: source := VIP. */
    public void rewriteSource(PacketParser view, long high, long low, int port) {
        long oldHigh = view.ipv6SourceHigh();
        long oldLow = view.ipv6SourceLow();
        writeIpv6(view, Ipv6.SOURCE, high, low);
        view.ipv6Source(high, low);
        rewriteIpv6(view, oldHigh, oldLow, high, low, view.sourcePort(), port, Tcp.SOURCE_PORT);
        if (hasPorts(view)) {
            view.sourcePort(port);
        }
    }

    /**
     * The mbuf ol_flags bits to OR in after a rewrite of this packet when offloading; 0 when the packet
     * was finished in software.
     */
    public long offloadFlags(PacketParser view) {
        if (!checksumOffload) {
            return 0;
        }
        long flags = view.ipVersion() == 4
                ? DpdkConstants.RTE_MBUF_F_TX_IPV4 | DpdkConstants.RTE_MBUF_F_TX_IP_CKSUM
                : DpdkConstants.RTE_MBUF_F_TX_IPV6;
        if (offloadsTransport(view)) {
            flags |= view.protocol() == Headers.PROTOCOL_TCP
                    ? DpdkConstants.RTE_MBUF_F_TX_TCP_CKSUM : DpdkConstants.RTE_MBUF_F_TX_UDP_CKSUM;
        }
        return flags;
    }

    /** The mbuf tx_offload word the PMD reads with those flags: l2_len (7 bits), l3_len (9 bits). */
    public static long txOffload(PacketParser view) {
        return (long) view.l3Offset() | (long) (view.l4Offset() - view.l3Offset()) << 7;
    }

    private void rewriteIpv4(PacketParser view, int oldAddress, int newAddress, int oldPort, int newPort, int portField) {
        MemorySegment segment = view.segment();
        long ip = view.base() + view.l3Offset();
        if (checksumOffload) {
            set16(segment, ip + Ipv4.CHECKSUM, 0);
        } else {
            int checksum = u16(segment, ip + Ipv4.CHECKSUM);
            set16(segment, ip + Ipv4.CHECKSUM, Checksums.update32(checksum, oldAddress, newAddress));
        }
        if (!view.hasTransportHeader()) {
            return;
        }
        if (hasPorts(view)) {
            set16(segment, view.base() + view.l4Offset() + portField, newPort);
        }
        if (offloadsTransport(view)) {
            writePseudoHeaderSum(view);
        } else if (view.protocol() != Headers.PROTOCOL_ICMP && !unchecksummedUdp(view)) {
            long field = view.base() + view.transportChecksumOffset();
            int checksum = Checksums.update32(u16(segment, field), oldAddress, newAddress);
            finishTransportChecksum(view, field, checksum, oldPort, newPort);
        }
    }

    private void rewriteIpv6(PacketParser view, long oldHigh, long oldLow, long newHigh, long newLow,
                             int oldPort, int newPort, int portField) {
        if (!view.hasTransportHeader()) {
            return;
        }
        MemorySegment segment = view.segment();
        if (hasPorts(view)) {
            set16(segment, view.base() + view.l4Offset() + portField, newPort);
        }
        if (offloadsTransport(view)) {
            writePseudoHeaderSum(view);
        } else {
            long field = view.base() + view.transportChecksumOffset();
            int checksum = Checksums.update128(u16(segment, field), oldHigh, oldLow, newHigh, newLow);
            finishTransportChecksum(view, field, checksum, oldPort, newPort);
        }
    }

    private static void finishTransportChecksum(PacketParser view, long field, int addressUpdated, int oldPort, int newPort) {
        int checksum = hasPorts(view) ? Checksums.update16(addressUpdated, oldPort, newPort) : addressUpdated;
        if (checksum == 0 && view.protocol() == Headers.PROTOCOL_UDP) {
            checksum = 0xFFFF;
        }
        set16(view.segment(), field, checksum);
    }

    private static void writeIpv6(PacketParser view, int field, long high, long low) {
        long at = view.base() + view.l3Offset() + field;
        set64(view.segment(), at, high);
        set64(view.segment(), at + 8, low);
    }

    private void writePseudoHeaderSum(PacketParser view) {
        set16(view.segment(), view.base() + view.transportChecksumOffset(), Checksums.fold(Checksums.pseudoHeaderSum(view)));
    }

    private boolean offloadsTransport(PacketParser view) {
        return checksumOffload && hasPorts(view) && !view.isFragment();
    }

    private static boolean hasPorts(PacketParser view) {
        return view.hasTransportHeader()
                && (view.protocol() == Headers.PROTOCOL_TCP || view.protocol() == Headers.PROTOCOL_UDP);
    }

    /** IPv4 UDP with checksum 0 was sent without one, and must stay so. */
    private static boolean unchecksummedUdp(PacketParser view) {
        return view.protocol() == Headers.PROTOCOL_UDP && view.ipVersion() == 4
                && u16(view.segment(), view.base() + view.transportChecksumOffset()) == 0;
    }
}
