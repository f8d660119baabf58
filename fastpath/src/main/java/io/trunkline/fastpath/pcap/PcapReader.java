package io.trunkline.fastpath.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every frame of a classic little-endian libpcap file: microsecond ({@link PcapWriter}) or
 * nanosecond resolution (what net_pcap writes).
 */
public final class PcapReader {
    static final int NANOSECOND_MAGIC = 0xa1b23c4d;

    private PcapReader() {
    }

    public static List<byte[]> readAll(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int magic = in.remaining() < 24 ? 0 : in.getInt();
        if (magic != PcapWriter.MAGIC && magic != NANOSECOND_MAGIC) {
            throw new IOException(file + " is not a little-endian pcap file");
        }
        in.position(24);
        List<byte[]> frames = new ArrayList<>();
        while (in.remaining() >= 16) {
            in.getInt();
            in.getInt();
            int captured = in.getInt();
            in.getInt();
            if (captured < 0 || captured > in.remaining()) {
                throw new IOException(file + ": truncated record " + frames.size());
            }
            byte[] frame = new byte[captured];
            in.get(frame);
            frames.add(frame);
        }
        return frames;
    }
}
