package io.trunkline.bindings.verbs;

/** enum ibv_mtu (IBV_MTU_256 = 1 .. IBV_MTU_4096 = 5) and the byte counts they stand for. */
public final class Mtu {
    private Mtu() {
    }

    /** The IBV_MTU_* value for a path MTU of exactly {@code bytes} (256, 512, 1024, 2048 or 4096). */
    public static int fromBytes(int bytes) {
        if (bytes < 256 || bytes > 4096 || Integer.bitCount(bytes) != 1) {
            throw new IllegalArgumentException("an RDMA path MTU is 256, 512, 1024, 2048 or 4096 bytes, not " + bytes);
        }
        return Integer.numberOfTrailingZeros(bytes) - 7;
    }

    /** The bytes of an IBV_MTU_* value. */
    public static int toBytes(int ibvMtu) {
        if (ibvMtu < VerbsConstants.IBV_MTU_256 || ibvMtu > VerbsConstants.IBV_MTU_4096) {
            throw new IllegalArgumentException("not an enum ibv_mtu value: " + ibvMtu);
        }
        return 128 << ibvMtu;
    }
}
