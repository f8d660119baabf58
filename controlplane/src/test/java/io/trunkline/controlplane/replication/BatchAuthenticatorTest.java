package io.trunkline.controlplane.replication;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchAuthenticatorTest {
    static final ClusterKey KEY_1 = new ClusterKey(1, filled(32, 0x11));
    static final ClusterKey KEY_2 = new ClusterKey(2, filled(48, 0x22));

    private final BatchBuffer buffer = new BatchBuffer(1408);
    private final int length = ReplicationBatch.length(3);

    @AfterEach
    void close() {
        buffer.close();
    }

    static byte[] filled(int length, int value) {
        final byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private void writeBatch() {
        new ReplicationBatch().wrap(buffer.segment()).reset(ReplicationBatch.KIND_DATA, 1, 0, 5, 1).recordCount(3).timestamp(9);
        for (int i = ReplicationBatch.HEADER_LENGTH; i < length - ReplicationBatch.TAG_LENGTH; i++) {
            buffer.segment().set(ValueLayout.JAVA_BYTE, i, (byte) i);
        }
    }

    @Test
    void matchesRfc4231TestCase7LargeKeyAndData() {
        final byte[] data = ("This is a test using a larger than block-size key and a larger than block-size data."
            + " The key needs to be hashed before being used by the HMAC algorithm.").getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(data, 0, buffer.segment(), ValueLayout.JAVA_BYTE, 0, data.length);
        final byte[] tag = new byte[32];
        new BatchAuthenticator(List.of(new ClusterKey(0, filled(131, 0xaa)))).hmac(0, buffer.byteBuffer(), data.length, tag);
        assertArrayEquals(HexFormat.of().parseHex("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"), tag);
    }

    @Test
    void acceptsWhatItSignedAndTheJdkMacAgrees() throws Exception {
        writeBatch();
        final BatchAuthenticator authenticator = new BatchAuthenticator(List.of(KEY_1));
        authenticator.sign(buffer.segment(), buffer.byteBuffer(), length);
        assertEquals(BatchAuthenticator.VALID, authenticator.verify(buffer.segment(), buffer.byteBuffer(), length));
        assertEquals(1, new ReplicationBatch().wrap(buffer.segment()).keyId());

        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY_1.secret(), "HmacSHA256"));
        final byte[] signed = buffer.segment().asSlice(0, length - 32).toArray(ValueLayout.JAVA_BYTE);
        assertArrayEquals(mac.doFinal(signed), buffer.segment().asSlice(length - 32, 32).toArray(ValueLayout.JAVA_BYTE));
    }

    @Test
    void rejectsATamperedBatch() {
        writeBatch();
        final BatchAuthenticator authenticator = new BatchAuthenticator(List.of(KEY_1));
        authenticator.sign(buffer.segment(), buffer.byteBuffer(), length);
        buffer.segment().set(ValueLayout.JAVA_BYTE, 100, (byte) (buffer.segment().get(ValueLayout.JAVA_BYTE, 100) ^ 1));
        assertEquals(BatchAuthenticator.BAD_TAG, authenticator.verify(buffer.segment(), buffer.byteBuffer(), length));
    }

    @Test
    void rejectsABatchSignedWithAnotherKeyUnderAKnownId() {
        writeBatch();
        new BatchAuthenticator(List.of(new ClusterKey(1, filled(32, 0x99)))).sign(buffer.segment(), buffer.byteBuffer(), length);
        assertEquals(BatchAuthenticator.BAD_TAG, new BatchAuthenticator(List.of(KEY_1)).verify(buffer.segment(), buffer.byteBuffer(), length));
    }

    @Test
    void rejectsAnUnknownKeyIdAndAcceptsEveryConfiguredKeyForRotation() {
        writeBatch();
        new BatchAuthenticator(List.of(KEY_2)).sign(buffer.segment(), buffer.byteBuffer(), length);
        assertEquals(BatchAuthenticator.UNKNOWN_KEY, new BatchAuthenticator(List.of(KEY_1)).verify(buffer.segment(), buffer.byteBuffer(), length));
        final BatchAuthenticator rotating = new BatchAuthenticator(List.of(KEY_1, KEY_2));
        assertEquals(BatchAuthenticator.VALID, rotating.verify(buffer.segment(), buffer.byteBuffer(), length));
        assertEquals(1, rotating.activeKeyId(), "the first key signs");
    }

    @Test
    void refusesToRunWithoutAKey() {
        final ReplicationConfigException e = assertThrows(ReplicationConfigException.class, () -> new BatchAuthenticator(List.of()));
        assertTrue(e.getMessage().startsWith("no replication key configured: refusing to start replication"), e.getMessage());
    }
}
