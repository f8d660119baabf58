package io.trunkline.fastpath.packet;

import io.trunkline.fastpath.testing.ReferenceChecksum;
import io.trunkline.fastpath.testing.PacketBuilder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChecksumsTest {
    /** A captured IPv4 header whose checksum field (0xb861) is known to be right. */
    private static final byte[] KNOWN_HEADER = HexFormat.of().parseHex("450000730000400040110000c0a80001c0a800c7");

    @Test
    void computesKnownIpv4HeaderChecksum() {
        MemorySegment header = MemorySegment.ofArray(KNOWN_HEADER.clone());
        assertEquals(0xB861, Checksums.ipv4HeaderChecksum(header, 0, 20));
        Checksums.writeIpv4HeaderChecksum(header, 0, 20);
        assertTrue(Checksums.ipv4HeaderChecksumValid(header, 0, 20));
        header.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 8, (byte) 63);
        assertFalse(Checksums.ipv4HeaderChecksumValid(header, 0, 20));
    }

    @Test
    void sumMatchesReferenceForEveryLengthAndOffset() {
        Random random = new Random(1);
        byte[] bytes = new byte[97];
        random.nextBytes(bytes);
        MemorySegment segment = MemorySegment.ofArray(bytes);
        for (int from = 0; from < 5; from++) {
            for (int length = 0; from + length <= bytes.length; length++) {
                assertEquals(fold(ReferenceChecksum.sum(bytes, from, length, 0)), fold(Checksums.sum(segment, from, length, 0)));
            }
        }
    }

    /** RFC 1624 updates against recomputing from scratch, on random data and random field changes. */
    @Test
    void incrementalUpdatesMatchRecomputation() {
        Random random = new Random(2);
        for (int i = 0; i < 10_000; i++) {
            byte[] data = new byte[32];
            random.nextBytes(data);
            int before = ReferenceChecksum.checksum(data, 0, data.length, 0);
            int oldShort = PacketBuilder.get16(data, 4);
            int oldInt = oldShort << 16 | PacketBuilder.get16(data, 6);
            long oldHigh = longAt(data, 8);
            long oldLow = longAt(data, 16);
            int newShort = random.nextInt(65536);
            int newInt = random.nextInt();
            long newHigh = random.nextLong();
            long newLow = random.nextLong();
            byte[] changed = data.clone();
            PacketBuilder.put32(changed, 4, newInt);
            putLong(changed, 8, newHigh);
            putLong(changed, 16, newLow);
            int expected = ReferenceChecksum.checksum(changed, 0, changed.length, 0);
            int updated = Checksums.update128(Checksums.update32(before, oldInt, newInt), oldHigh, oldLow, newHigh, newLow);
            assertEquals(fold(expected), fold(updated), "case " + i);

            byte[] shortChanged = data.clone();
            PacketBuilder.put16(shortChanged, 4, newShort);
            assertEquals(fold(ReferenceChecksum.checksum(shortChanged, 0, 32, 0)), fold(Checksums.update16(before, oldShort, newShort)));
        }
    }

    /** 0x0000 and 0xFFFF are both zero in one's complement; compare modulo that. */
    private static int fold(int value) {
        return value == 0xFFFF ? 0 : value;
    }

    private static long longAt(byte[] bytes, int at) {
        long value = 0;
        for (int i = at; i < at + 8; i++) {
            value = value << 8 | (bytes[i] & 0xFF);
        }
        return value;
    }

    private static void putLong(byte[] bytes, int at, long value) {
        PacketBuilder.put32(bytes, at, (int) (value >>> 32));
        PacketBuilder.put32(bytes, at + 4, (int) value);
    }
}
