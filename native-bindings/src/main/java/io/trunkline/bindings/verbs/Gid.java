package io.trunkline.bindings.verbs;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * union ibv_gid as its two big-endian halves, {@code global.subnet_prefix} and
 * {@code global.interface_id}. On RoCE a port's GIDs are its IPv6 (or IPv4-mapped) addresses.
 */
public record Gid(long subnetPrefix, long interfaceId) {
    public static final Gid ZERO = new Gid(0, 0);
    public static final long BYTES = 16;
    private static final ValueLayout.OfLong NETWORK_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** Reads the 16 bytes at {@code offset}, network order. */
    public static Gid read(MemorySegment segment, long offset) {
        return new Gid(segment.get(NETWORK_LONG, offset), segment.get(NETWORK_LONG, offset + 8));
    }

    /** Writes the 16 bytes at {@code offset}, network order. */
    public void write(MemorySegment segment, long offset) {
        segment.set(NETWORK_LONG, offset, subnetPrefix);
        segment.set(NETWORK_LONG, offset + 8, interfaceId);
    }

    public boolean isZero() {
        return subnetPrefix == 0 && interfaceId == 0;
    }

    /** The IPv6 notation without zero compression, e.g. {@code fe80:0000:...:0001}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            long half = i < 4 ? subnetPrefix : interfaceId;
            int group = (int) (half >>> (48 - 16 * (i % 4))) & 0xffff;
            if (i > 0) {
                s.append(':');
            }
            s.append(String.format("%04x", group));
        }
        return s.toString();
    }
}
