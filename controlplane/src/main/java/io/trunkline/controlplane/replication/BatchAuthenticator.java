package io.trunkline.controlplane.replication;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Signs and verifies batches with HMAC-SHA256 (RFC 2104) under the cluster keys.
 * <p>
 * HMAC is computed here over a reused {@link MessageDigest} rather than {@code javax.crypto.Mac}:
 * {@code Mac.doFinal(byte[], int)} allocates a new array per call inside the JDK (JDK 25 source,
 * Mac.java), whereas {@code MessageDigest.digest(byte[], int, int)} writes in place. The result is the
 * standard HMAC, checked against {@code Mac} and RFC 4231 in the tests. No allocation per batch.
 * <p>
 * Single-threaded: one instance per replicator thread.
 */
final class BatchAuthenticator {
    /** Verification results. */
    static final int VALID = 0;
    static final int UNKNOWN_KEY = 1;
    static final int BAD_TAG = 2;

    private static final int BLOCK_LENGTH = 64;
    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5c;

    private final MessageDigest sha256;
    private final int[] keyIds;
    private final byte[][] innerPads;
    private final byte[][] outerPads;
    private final int activeKey;
    private final byte[] innerHash = new byte[ReplicationBatch.TAG_LENGTH];
    private final byte[] expectedTag = new byte[ReplicationBatch.TAG_LENGTH];
    private final byte[] receivedTag = new byte[ReplicationBatch.TAG_LENGTH];

    /**
     * @param keys every key accepted; the first signs
     * @throws ReplicationConfigException without keys: replication never runs unauthenticated
     */
    BatchAuthenticator(List<ClusterKey> keys) {
        if (keys == null || keys.isEmpty()) {
            throw new ReplicationConfigException("no replication key configured: refusing to start replication"
                + " (set replication key-file to a file of at least " + ClusterKey.MIN_LENGTH + " random bytes, mode 600)");
        }
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ReplicationConfigException("this JVM has no SHA-256: " + e, e);
        }
        keyIds = new int[keys.size()];
        innerPads = new byte[keys.size()][];
        outerPads = new byte[keys.size()][];
        for (int i = 0; i < keys.size(); i++) {
            keyIds[i] = keys.get(i).keyId();
            final byte[] block = blockKey(keys.get(i).secret());
            innerPads[i] = xor(block, IPAD);
            outerPads[i] = xor(block, OPAD);
        }
        activeKey = 0;
    }

    private byte[] blockKey(byte[] secret) {
        final byte[] block = new byte[BLOCK_LENGTH];
        final byte[] key = secret.length > BLOCK_LENGTH ? sha256.digest(secret) : secret;
        System.arraycopy(key, 0, block, 0, key.length);
        return block;
    }

    private static byte[] xor(byte[] block, byte pad) {
        final byte[] padded = new byte[block.length];
        for (int i = 0; i < block.length; i++) {
            padded[i] = (byte) (block[i] ^ pad);
        }
        return padded;
    }

    /** The key id batches are signed with. */
    int activeKeyId() {
        return keyIds[activeKey];
    }

    /**
     * Writes the active key id into the header and the tag after the records.
     *
     * @param segment the batch, starting at offset 0
     * @param view    a {@link ByteBuffer} over the same memory, reused by the caller
     * @param length  the batch length including the tag
     */
    void sign(MemorySegment segment, ByteBuffer view, int length) {
        segment.set(ReplicationRecord.SHORT_LE, ReplicationBatch.KEY_ID_OFFSET, (short) keyIds[activeKey]);
        hmac(activeKey, view, length - ReplicationBatch.TAG_LENGTH, expectedTag);
        MemorySegment.copy(expectedTag, 0, segment, ValueLayout.JAVA_BYTE, length - ReplicationBatch.TAG_LENGTH, expectedTag.length);
    }

    /**
     * Checks the tag of a received batch of {@code length} bytes (tag included) in constant time.
     *
     * @return {@link #VALID}, {@link #UNKNOWN_KEY} or {@link #BAD_TAG}
     */
    int verify(MemorySegment segment, ByteBuffer view, int length) {
        final int key = indexOf(Short.toUnsignedInt(segment.get(ReplicationRecord.SHORT_LE, ReplicationBatch.KEY_ID_OFFSET)));
        if (key < 0) {
            return UNKNOWN_KEY;
        }
        hmac(key, view, length - ReplicationBatch.TAG_LENGTH, expectedTag);
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, length - ReplicationBatch.TAG_LENGTH, receivedTag, 0, receivedTag.length);
        return MessageDigest.isEqual(expectedTag, receivedTag) ? VALID : BAD_TAG;
    }

    private int indexOf(int keyId) {
        for (int i = 0; i < keyIds.length; i++) {
            if (keyIds[i] == keyId) {
                return i;
            }
        }
        return -1;
    }

    /** HMAC-SHA256 of the first {@code messageLength} bytes of {@code view} under key number {@code key} into {@code out}. */
    void hmac(int key, ByteBuffer view, int messageLength, byte[] out) {
        try {
            sha256.update(innerPads[key]);
            view.limit(messageLength).position(0);
            sha256.update(view);
            sha256.digest(innerHash, 0, innerHash.length);
            sha256.update(outerPads[key]);
            sha256.update(innerHash);
            sha256.digest(out, 0, out.length);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 refused a 32-byte output buffer", e);
        }
    }
}
