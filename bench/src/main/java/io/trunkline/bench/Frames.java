package io.trunkline.bench;

import io.trunkline.fastpath.pcap.PcapReader;
import io.trunkline.fastpath.pcap.SyntheticTraffic;
import io.trunkline.fastpath.pcap.SyntheticTraffic.Traffic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/** Bench frames in native memory, as the fast path sees them in mbufs: the first frame of a synthetic capture. */
final class Frames {
    private Frames() {
    }

    /** The first frame of {@code traffic}, copied into 64-byte aligned memory of {@code arena}. */
    static MemorySegment first(Traffic traffic, Arena arena) {
        try {
            Path file = Files.createTempFile("trunkline-jmh-", ".pcap");
            try {
                SyntheticTraffic.write(file, new Traffic(traffic.family(), traffic.pattern(), 1, traffic.frameSize(), 0));
                byte[] bytes = PcapReader.readAll(file).getFirst();
                MemorySegment segment = arena.allocate(bytes.length, 64);
                MemorySegment.copy(MemorySegment.ofArray(bytes), 0, segment, 0, bytes.length);
                return segment;
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
