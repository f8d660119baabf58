package io.trunkline.fastpath.packet;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Big-endian (network order) reads and writes at absolute offsets of a segment. Header fields are
 * not aligned in a frame (a VLAN tag moves everything by 4), hence the unaligned layouts.
 */
public final class NetworkOrder {
    private NetworkOrder() {
    }

    public static final ValueLayout.OfShort U16 = JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfInt U32 = JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfLong U64 = JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    public static int u8(MemorySegment segment, long offset) {
        return Byte.toUnsignedInt(segment.get(JAVA_BYTE, offset));
    }

    public static int u16(MemorySegment segment, long offset) {
        return Short.toUnsignedInt(segment.get(U16, offset));
    }

    public static int i32(MemorySegment segment, long offset) {
        return segment.get(U32, offset);
    }

    public static long i64(MemorySegment segment, long offset) {
        return segment.get(U64, offset);
    }

    /** A 48-bit MAC address in the low bits of a long. */
    public static long mac(MemorySegment segment, long offset) {
        return ((long) u16(segment, offset) << 32) | Integer.toUnsignedLong(i32(segment, offset + 2));
    }

    public static void set8(MemorySegment segment, long offset, int value) {
        segment.set(JAVA_BYTE, offset, (byte) value);
    }

    public static void set16(MemorySegment segment, long offset, int value) {
        segment.set(U16, offset, (short) value);
    }

    public static void set32(MemorySegment segment, long offset, int value) {
        segment.set(U32, offset, value);
    }

    public static void set64(MemorySegment segment, long offset, long value) {
        segment.set(U64, offset, value);
    }

    public static void setMac(MemorySegment segment, long offset, long mac) {
        set16(segment, offset, (int) (mac >>> 32));
        set32(segment, offset + 2, (int) mac);
    }
}
