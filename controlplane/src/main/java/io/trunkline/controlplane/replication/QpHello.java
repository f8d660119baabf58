package io.trunkline.controlplane.replication;

import io.trunkline.bindings.verbs.QpEndpoint;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;

/**
 * What two dispatchers tell each other over the TCP side channel before their RC queue pair can connect:
 * who is speaking to whom and the speaker's {@link QpEndpoint} (QP number, first PSN, LID, MTU, GID),
 * signed with the cluster key so that nobody without it can point a dispatcher's QP elsewhere.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     Magic 0x54524C51 "TRLQ"                   |  0
 *  +---------------+---------------+-------------------------------+
 *  |    Version    |   Reserved    |            Key Id             |  4
 *  +---------------+---------------+-------------------------------+
 *  |                   From (speaker's dispatcher id)              |  8
 *  +---------------------------------------------------------------+
 *  |                   To (listener's dispatcher id)               | 12
 *  +---------------------------------------------------------------+
 *  |           QpEndpoint (QpEndpoint.ENCODED_LENGTH = 28)         | 16
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 *  |        HMAC-SHA256 under the cluster key over bytes 0..43     | 44
 *  |                              ...                              |
 *  +---------------------------------------------------------------+ 76
 * </pre>
 * All fields big-endian, like {@link QpEndpoint}.
 */
record QpHello(int from, int to, QpEndpoint endpoint) {
    static final int MAGIC = 0x54524C51;
    static final byte CURRENT_VERSION = 1;
    static final int SIGNED_LENGTH = 16 + QpEndpoint.ENCODED_LENGTH;
    static final int LENGTH = SIGNED_LENGTH + ReplicationBatch.TAG_LENGTH;

    /** Writes the hello signed with {@code key} at the buffer's position, advancing it by {@link #LENGTH}. */
    void encode(ByteBuffer buffer, ClusterKey key) {
        final ByteBuffer b = buffer.slice().order(ByteOrder.BIG_ENDIAN);
        b.putInt(MAGIC).put(CURRENT_VERSION).put((byte) 0).putShort((short) key.keyId()).putInt(from).putInt(to);
        endpoint.encode(b);
        b.put(tag(key, b, 0));
        buffer.position(buffer.position() + LENGTH);
    }

    /**
     * Reads and checks a hello of {@link #LENGTH} bytes at the buffer's position.
     *
     * @throws ReplicationConfigException naming what is wrong: not a hello, unknown key id, bad tag
     */
    static QpHello decode(ByteBuffer buffer, List<ClusterKey> keys) {
        final ByteBuffer b = buffer.slice().order(ByteOrder.BIG_ENDIAN);
        if (b.remaining() < LENGTH || b.getInt(0) != MAGIC || b.get(4) != CURRENT_VERSION) {
            throw new ReplicationConfigException("RDMA side channel: the peer did not send a Trunkline QP hello");
        }
        final int keyId = Short.toUnsignedInt(b.getShort(6));
        final ClusterKey key = keys.stream().filter(k -> k.keyId() == keyId).findFirst().orElseThrow(() ->
            new ReplicationConfigException("RDMA side channel: QP hello signed with unknown key id " + keyId));
        final byte[] received = new byte[ReplicationBatch.TAG_LENGTH];
        b.get(SIGNED_LENGTH, received);
        if (!MessageDigest.isEqual(received, tag(key, b, 0))) {
            throw new ReplicationConfigException("RDMA side channel: QP hello from dispatcher " + b.getInt(8)
                + " failed authentication (another cluster key?)");
        }
        final QpEndpoint endpoint = QpEndpoint.decode(b.position(16));
        buffer.position(buffer.position() + LENGTH);
        return new QpHello(b.getInt(8), b.getInt(12), endpoint);
    }

    private static byte[] tag(ClusterKey key, ByteBuffer hello, int offset) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.secret(), "HmacSHA256"));
            mac.update(hello.duplicate().position(offset).limit(offset + SIGNED_LENGTH));
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable in this JVM", e);
        }
    }
}
