package io.trunkline.bindings.verbs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What one side of an RC connection tells the other out of band (over TCP) before either can move
 * its QP to RTR: the QP number, the first packet sequence number it will send, and the port's
 * address (LID on InfiniBand, GID on RoCE) and active MTU.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                          qp_num (24 bits used)                 |  0
 *  +---------------------------------------------------------------+
 *  |                          psn (24 bits used)                    |  4
 *  +-------------------------------+---------------+---------------+
 *  |             lid               |  mtu (ibv_mtu)|   reserved    |  8
 *  +-------------------------------+---------------+---------------+
 *  |                                                               | 12
 *  +                    gid (16 bytes, network order)              +
 *  |                                                               |
 *  +---------------------------------------------------------------+ 28
 * </pre>
 * All fields big-endian.
 */
public record QpEndpoint(int qpNum, int psn, int lid, int mtu, Gid gid) {
    public static final int ENCODED_LENGTH = 28;
    private static final int MASK_24 = 0xff_ffff;

    public QpEndpoint {
        if ((qpNum & ~MASK_24) != 0 || (psn & ~MASK_24) != 0) {
            throw new IllegalArgumentException("qp_num and psn are 24-bit values: " + qpNum + ", " + psn);
        }
        Mtu.toBytes(mtu);
    }

    /** This side of {@code qp}: {@code psn} is where its send queue starts (sq_psn at RTS). */
    public static QpEndpoint of(QueuePair qp, int psn, PortAttributes port, Gid gid) {
        return new QpEndpoint(qp.qpNum(), psn, port.lid(), port.activeMtu(), gid);
    }

    /** Writes the 28 bytes at the buffer's position, advancing it. */
    public void encode(ByteBuffer buffer) {
        ByteOrder order = buffer.order();
        try {
            buffer.order(ByteOrder.BIG_ENDIAN).putInt(qpNum).putInt(psn).putShort((short) lid).put((byte) mtu).put((byte) 0)
                    .putLong(gid.subnetPrefix()).putLong(gid.interfaceId());
        } finally {
            buffer.order(order);
        }
    }

    /** Reads 28 bytes at the buffer's position, advancing it. */
    public static QpEndpoint decode(ByteBuffer buffer) {
        ByteOrder order = buffer.order();
        try {
            ByteBuffer b = buffer.order(ByteOrder.BIG_ENDIAN);
            int qpNum = b.getInt();
            int psn = b.getInt();
            int lid = Short.toUnsignedInt(b.getShort());
            int mtu = Byte.toUnsignedInt(b.get());
            b.get();
            return new QpEndpoint(qpNum, psn, lid, mtu, new Gid(b.getLong(), b.getLong()));
        } finally {
            buffer.order(order);
        }
    }
}
