package io.trunkline.fastpath.pcap;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a classic libpcap file (magic a1b2c3d4, microsecond timestamps, Ethernet link type), the
 * format net_pcap replays and tshark reads. Control-path code: captures, tests and bench inputs.
 */
public final class PcapWriter implements AutoCloseable {
    static final int MAGIC = 0xa1b2c3d4;
    static final int LINKTYPE_ETHERNET = 1;
    static final int SNAPLEN = 65535;

    private final OutputStream out;
    private final ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);

    public PcapWriter(Path file) throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        ByteBuffer global = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        global.putInt(MAGIC).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(SNAPLEN).putInt(LINKTYPE_ETHERNET);
        out.write(global.array());
    }

    /** Appends one frame stamped {@code timestampMicros}. */
    public void write(byte[] frame, int length, long timestampMicros) throws IOException {
        header.clear();
        header.putInt((int) (timestampMicros / 1_000_000)).putInt((int) (timestampMicros % 1_000_000)).putInt(length).putInt(length);
        out.write(header.array());
        out.write(frame, 0, length);
    }

    public void write(byte[] frame) throws IOException {
        write(frame, frame.length, 0);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
