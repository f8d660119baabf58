package io.trunkline.fastpath.pcap;

import io.trunkline.fastpath.packet.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Client-to-VIP frames for demos, benches and tests, all in the benchmarking ranges (198.18.0.0/15,
 * 2001:2::/48) with valid IP, UDP and TCP checksums. Flow {@code f} comes from client address
 * {@code f / 16384} above the first one (198.18.0.1, or 2001:2::1:0:0 for IPv6), port {@code 1024 +
 * f % 16384}, and goes to the VIP (198.19.0.1 or 2001:2:0:ff::1) port 80.
 */
public final class SyntheticTraffic {
    public static final int CLIENT = 0xC6120001;   // 198.18.0.1
    public static final int VIP = 0xC6130001;      // 198.19.0.1
    /** 2001:2::/48, the IPv6 benchmarking prefix: clients 2001:2::1:0:0 upward. */
    public static final long CLIENT6_HIGH = 0x2001_0002_0000_0000L;
    public static final long CLIENT6_LOW = 0x0000_0001_0000_0000L;
    /** 2001:2:0:ff::1. */
    public static final long VIP6_HIGH = 0x2001_0002_0000_00FFL;
    public static final long VIP6_LOW = 1;
    public static final int VIP_PORT = 80;
    public static final long CLIENT_MAC = 0x02_00_00_00_00_01L;
    public static final long DISPATCHER_MAC = 0x02_00_00_00_00_02L;

    /** Client ports per client address. */
    public static final int PORTS_PER_CLIENT = 16384;

    /** Connections of a {@link Pattern#TCP_SHORT} capture that are open at once (their packets interleave). */
    public static final int CONCURRENT_CONNECTIONS = 64;

    private static final int ETHERNET = 14;
    private static final int IPV4 = 20;
    private static final int IPV6 = 40;
    private static final int UDP = 8;
    private static final int TCP = 20;

    private SyntheticTraffic() {
    }

    /** The IP version of the frames. */
    public enum Family { IPV4, IPV6 }

    /** What each flow sends in one pass over the capture. */
    public enum Pattern {
        /** One UDP datagram: the first pass opens a session per flow, later passes are established flows. */
        UDP(1),
        /** One TCP SYN: every packet of the pass opens a connection. */
        TCP_SYN(1),
        /** A short TCP connection: SYN, ACK, two data segments, FIN+ACK. */
        TCP_SHORT(5);

        private final int packetsPerFlow;

        Pattern(int packetsPerFlow) {
            this.packetsPerFlow = packetsPerFlow;
        }

        public int packetsPerFlow() {
            return packetsPerFlow;
        }

        public int protocol() {
            return this == UDP ? Headers.PROTOCOL_UDP : Headers.PROTOCOL_TCP;
        }
    }

    /**
     * One capture's traffic.
     *
     * @param flows     distinct client flows
     * @param frameSize bytes of each datagram or data segment; frames without data are padded to it
     *                  unless their headers alone are longer
     * @param firstFlow index of the first flow: captures with different first flows share no flow
     */
    public record Traffic(Family family, Pattern pattern, int flows, int frameSize, int firstFlow) {
        public Traffic {
            if (flows < 1 || frameSize < 60 || frameSize > 1514 || firstFlow < 0) {
                throw new IllegalArgumentException("traffic needs flows >= 1, a frame size within 60..1514 and firstFlow >= 0, not "
                        + flows + " flows of " + frameSize + " bytes from flow " + firstFlow);
            }
        }

        /** Frames in one pass. */
        public long packets() {
            return (long) flows * pattern.packetsPerFlow();
        }

        /** The largest frame, for sizing mbufs. */
        public int maxFrameSize() {
            return Math.max(frameSize, ETHERNET + (family == Family.IPV6 ? IPV6 : IPV4) + TCP);
        }

        /** The same traffic from flows that follow this capture's. */
        public Traffic following(int count) {
            return new Traffic(family, pattern, count, frameSize, firstFlow + flows);
        }
    }

    /** Writes one pass of {@code traffic}; returns the number of frames written. */
    public static long write(Path file, Traffic traffic) throws IOException {
        try (PcapWriter pcap = new PcapWriter(file)) {
            if (traffic.pattern() == Pattern.TCP_SHORT) {
                writeShortConnections(pcap, traffic);
            } else {
                for (int i = 0; i < traffic.flows(); i++) {
                    int flags = traffic.pattern() == Pattern.TCP_SYN ? Headers.Tcp.SYN : 0;
                    pcap.write(frame(traffic, traffic.firstFlow() + i, flags, traffic.frameSize()));
                }
            }
        }
        return traffic.packets();
    }

    /** Connections in groups of {@link #CONCURRENT_CONNECTIONS}: each step of the group's handshake, data and close in turn. */
    private static void writeShortConnections(PcapWriter pcap, Traffic traffic) throws IOException {
        int[] steps = {Headers.Tcp.SYN, Headers.Tcp.ACK, Headers.Tcp.ACK | Headers.Tcp.PSH, Headers.Tcp.ACK | Headers.Tcp.PSH,
                Headers.Tcp.FIN | Headers.Tcp.ACK};
        for (int group = 0; group < traffic.flows(); group += CONCURRENT_CONNECTIONS) {
            int end = Math.min(traffic.flows(), group + CONCURRENT_CONNECTIONS);
            for (int flags : steps) {
                int size = (flags & Headers.Tcp.PSH) != 0 ? traffic.frameSize() : 60;
                for (int i = group; i < end; i++) {
                    pcap.write(frame(traffic, traffic.firstFlow() + i, flags, size));
                }
            }
        }
    }

    /** Writes {@code packets} IPv4 UDP frames of {@code frameSize} bytes spread round-robin over {@code flows} flows. */
    public static void writeUdpCapture(Path file, int packets, int flows, int frameSize) throws IOException {
        try (PcapWriter pcap = new PcapWriter(file)) {
            for (int i = 0; i < packets; i++) {
                int flow = i % flows;
                pcap.write(udpFrame(CLIENT + flow / PORTS_PER_CLIENT, 1024 + flow % PORTS_PER_CLIENT, VIP_PORT, frameSize));
            }
        }
    }

    /** One Ethernet/IPv4/UDP frame of {@code frameSize} bytes (at least 42) from CLIENT:srcPort to VIP:dstPort. */
    public static byte[] udpFrame(int srcPort, int dstPort, int frameSize) {
        return udpFrame(CLIENT, srcPort, dstPort, frameSize);
    }

    /** One Ethernet/IPv4/UDP frame of {@code frameSize} bytes (at least 42) from client:srcPort to VIP:dstPort. */
    public static byte[] udpFrame(int client, int srcPort, int dstPort, int frameSize) {
        int size = Math.max(frameSize, ETHERNET + IPV4 + UDP);
        return ipv4Frame(client, srcPort, dstPort, Headers.PROTOCOL_UDP, 0, size, size);
    }

    /**
     * The frame of flow {@code flow}: a UDP datagram filling {@code size} bytes, or a TCP segment with
     * {@code tcpFlags} that carries data when PSH is set and is otherwise padded to {@code size}.
     */
    static byte[] frame(Traffic traffic, int flow, int tcpFlags, int size) {
        int srcPort = 1024 + flow % PORTS_PER_CLIENT;
        int protocol = traffic.pattern().protocol();
        boolean carriesData = protocol == Headers.PROTOCOL_UDP || (tcpFlags & Headers.Tcp.PSH) != 0;
        int ip = traffic.family() == Family.IPV6 ? IPV6 : IPV4;
        int headers = ETHERNET + ip + (protocol == Headers.PROTOCOL_UDP ? UDP : TCP);
        int packetEnd = carriesData ? Math.max(size, headers) : headers;
        int frameSize = Math.max(size, headers);
        if (traffic.family() == Family.IPV6) {
            return ipv6Frame(CLIENT6_LOW + flow / PORTS_PER_CLIENT, srcPort, protocol, tcpFlags, packetEnd, frameSize);
        }
        return ipv4Frame(CLIENT + flow / PORTS_PER_CLIENT, srcPort, VIP_PORT, protocol, tcpFlags, packetEnd, frameSize);
    }

    /** IPv4 from client:srcPort to VIP:dstPort; the IP packet ends at {@code packetEnd}, zero padding follows up to {@code frameSize}. */
    private static byte[] ipv4Frame(int client, int srcPort, int dstPort, int protocol, int tcpFlags, int packetEnd, int frameSize) {
        ByteBuffer f = ethernet(frameSize, 0x0800);
        int ipLength = packetEnd - ETHERNET;
        f.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) 0).putShort((short) 0x4000)
                .put((byte) 64).put((byte) protocol).putShort((short) 0).putInt(client).putInt(VIP);
        f.putShort(ETHERNET + 10, (short) checksum(f.array(), ETHERNET, IPV4, 0));
        int l4Length = ipLength - IPV4;
        long pseudo = (client >>> 16) + (client & 0xffff) + (VIP >>> 16) + (VIP & 0xffff) + protocol + l4Length;
        transport(f, ETHERNET + IPV4, srcPort, dstPort, protocol, tcpFlags, l4Length, pseudo);
        return f.array();
    }

    /** IPv6 from [CLIENT6_HIGH:clientLow]:srcPort to the IPv6 VIP port 80, laid out as {@link #ipv4Frame}. */
    private static byte[] ipv6Frame(long clientLow, int srcPort, int protocol, int tcpFlags, int packetEnd, int frameSize) {
        ByteBuffer f = ethernet(frameSize, 0x86DD);
        int l4Length = packetEnd - ETHERNET - IPV6;
        f.putInt(0x6000_0000).putShort((short) l4Length).put((byte) protocol).put((byte) 64)
                .putLong(CLIENT6_HIGH).putLong(clientLow).putLong(VIP6_HIGH).putLong(VIP6_LOW);
        long pseudo = words(CLIENT6_HIGH) + words(clientLow) + words(VIP6_HIGH) + words(VIP6_LOW) + protocol + l4Length;
        transport(f, ETHERNET + IPV6, srcPort, VIP_PORT, protocol, tcpFlags, l4Length, pseudo);
        return f.array();
    }

    private static ByteBuffer ethernet(int frameSize, int etherType) {
        ByteBuffer f = ByteBuffer.allocate(frameSize);
        putMac(f, DISPATCHER_MAC);
        putMac(f, CLIENT_MAC);
        return f.putShort((short) etherType);
    }

    /** The UDP or TCP header at {@code at}, a counting payload, and the checksum over both and the pseudo-header sum. */
    private static void transport(ByteBuffer f, int at, int srcPort, int dstPort, int protocol, int tcpFlags, int l4Length, long pseudo) {
        f.position(at);
        f.putShort((short) srcPort).putShort((short) dstPort);
        int checksumAt;
        if (protocol == Headers.PROTOCOL_UDP) {
            f.putShort((short) l4Length).putShort((short) 0);
            checksumAt = at + 6;
        } else {
            int ack = (tcpFlags & Headers.Tcp.ACK) != 0 ? 1 : 0;
            f.putInt(1).putInt(ack).put((byte) 0x50).put((byte) tcpFlags).putShort((short) 0xFFFF).putShort((short) 0).putShort((short) 0);
            checksumAt = at + 16;
        }
        for (int i = f.position(); i < at + l4Length; i++) {
            f.put((byte) i);
        }
        int sum = checksum(f.array(), at, l4Length, pseudo);
        f.putShort(checksumAt, (short) (sum == 0 && protocol == Headers.PROTOCOL_UDP ? 0xffff : sum));
    }

    private static long words(long value) {
        return (value >>> 48) + ((value >>> 32) & 0xffff) + ((value >>> 16) & 0xffff) + (value & 0xffff);
    }

    private static void putMac(ByteBuffer f, long mac) {
        for (int shift = 40; shift >= 0; shift -= 8) {
            f.put((byte) (mac >>> shift));
        }
    }

    /** The Internet checksum (RFC 1071) of {@code length} bytes at {@code offset}, starting from {@code initial}. */
    static int checksum(byte[] data, int offset, int length, long initial) {
        long sum = initial;
        for (int i = 0; i + 1 < length; i += 2) {
            sum += ((data[offset + i] & 0xff) << 8) | (data[offset + i + 1] & 0xff);
        }
        if ((length & 1) != 0) {
            sum += (data[offset + length - 1] & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
