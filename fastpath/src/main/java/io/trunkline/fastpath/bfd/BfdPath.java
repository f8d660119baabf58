package io.trunkline.fastpath.bfd;

import io.trunkline.fastpath.packet.PacketParser;
import java.net.Inet6Address;

/**
 * Where a session's packets go, learnt from the peer's own packets (the passive role guarantees one has
 * arrived before anything is sent): the peer's MAC, and the own address it sent to. The neighbour table
 * is not needed for BFD. Owner thread only.
 */
final class BfdPath {
    final boolean ipv6;
    final int peerIpv4;
    final long peerHigh;
    final long peerLow;
    long peerMac;
    int localIpv4;
    long localHigh;
    long localLow;

    BfdPath(BfdPeer peer) {
        byte[] bytes = peer.address().getAddress();
        ipv6 = peer.address() instanceof Inet6Address;
        peerIpv4 = ipv6 ? 0 : (int) bigEndian(bytes, 0, 4);
        peerHigh = ipv6 ? bigEndian(bytes, 0, 8) : 0;
        peerLow = ipv6 ? bigEndian(bytes, 8, 8) : 0;
    }

    /** True when the parsed packet comes from this peer. */
    boolean isFrom(PacketParser parser) {
        if (ipv6) {
            return parser.ipVersion() == 6 && parser.ipv6SourceHigh() == peerHigh && parser.ipv6SourceLow() == peerLow;
        }
        return parser.ipVersion() == 4 && parser.ipv4Source() == peerIpv4;
    }

    void learn(PacketParser parser) {
        peerMac = parser.sourceMac();
        localIpv4 = parser.ipv4Destination();
        localHigh = parser.ipv6DestinationHigh();
        localLow = parser.ipv6DestinationLow();
    }

    private static long bigEndian(byte[] bytes, int from, int count) {
        long value = 0;
        for (int i = from; i < from + count; i++) {
            value = value << 8 | (bytes[i] & 0xFF);
        }
        return value;
    }
}
