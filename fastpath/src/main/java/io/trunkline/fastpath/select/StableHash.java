package io.trunkline.fastpath.select;

import java.nio.charset.StandardCharsets;

/**
 * 64-bit hash of a string that every JVM and every dispatcher computes alike: FNV-1a over the
 * UTF-8 bytes, started from a seed, then the MurmurHash3 64-bit finaliser so that every input bit
 * reaches every output bit. Never {@link String#hashCode()}: too weak for a permutation seed.
 * Fixed algorithm: changing it changes every Maglev table, so dispatchers of two versions would disagree.
 */
final class StableHash {
    private static final long FNV_PRIME = 0x100000001B3L;

    private StableHash() {
    }

    static long hash(String text, long seed) {
        long h = seed;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= FNV_PRIME;
        }
        return mix(h);
    }

    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
