package io.trunkline.fastpath.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Client-to-VIP frames for demos, benches and tests: IPv4 UDP datagrams of {@code flows} distinct
 * flows (16384 client ports per client address, addresses counting up from 198.18.0.1), valid IP and
 * UDP checksums, all in the benchmarking range 198.18.0.0/15.
 */
public final class SyntheticTraffic {
    public static final int CLIENT = 0xC6120001;   // 198.18.0.1
    public static final int VIP = 0xC6130001;      // 198.19.0.1
    public static final long CLIENT_MAC = 0x02_00_00_00_00_01L;
    public static final long DISPATCHER_MAC = 0x02_00_00_00_00_02L;

    private SyntheticTraffic() {
    }

    /** Client ports per client address. */
    public static final int PORTS_PER_CLIENT = 16384;

    /** Writes {@code packets} frames of {@code frameSize} bytes spread round-robin over {@code flows} flows. */
    public static void writeUdpCapture(Path file, int packets, int flows, int frameSize) throws IOException {
        try (PcapWriter pcap = new PcapWriter(file)) {
            for (int i = 0; i < packets; i++) {
                int flow = i % flows;
                pcap.write(udpFrame(CLIENT + flow / PORTS_PER_CLIENT, 1024 + flow % PORTS_PER_CLIENT, 80, frameSize));
            }
        }
    }

    /** One Ethernet/IPv4/UDP frame of {@code frameSize} bytes (at least 42) from CLIENT:srcPort to VIP:dstPort. */
    public static byte[] udpFrame(int srcPort, int dstPort, int frameSize) {
        return udpFrame(CLIENT, srcPort, dstPort, frameSize);
    }

    /** One Ethernet/IPv4/UDP frame of {@code frameSize} bytes (at least 42) from client:srcPort to VIP:dstPort. */
    public static byte[] udpFrame(int client, int srcPort, int dstPort, int frameSize) {
        ByteBuffer f = ByteBuffer.allocate(Math.max(frameSize, 42));
        putMac(f, DISPATCHER_MAC);
        putMac(f, CLIENT_MAC);
        f.putShort((short) 0x0800);
        int ipLength = f.capacity() - 14;
        f.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) 0).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 17).putShort((short) 0).putInt(client).putInt(VIP);
        f.putShort(24, (short) checksum(f.array(), 14, 20, 0));
        int udpLength = ipLength - 20;
        f.putShort((short) srcPort).putShort((short) dstPort).putShort((short) udpLength).putShort((short) 0);
        for (int i = f.position(); i < f.capacity(); i++) {
            f.put((byte) i);
        }
        long pseudo = (client >>> 16) + (client & 0xffff) + (VIP >>> 16) + (VIP & 0xffff) + 17 + udpLength;
        int udpSum = checksum(f.array(), 34, udpLength, pseudo);
        f.putShort(40, (short) (udpSum == 0 ? 0xffff : udpSum));
        return f.array();
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
