package io.trunkline.fastpath.bfd;

import static io.trunkline.fastpath.packet.NetworkOrder.i32;
import static io.trunkline.fastpath.packet.NetworkOrder.set32;
import static io.trunkline.fastpath.packet.NetworkOrder.set8;
import static io.trunkline.fastpath.packet.NetworkOrder.u8;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over the mandatory section of a BFD control packet (RFC 5880 section 4.1), the UDP payload
 * of single-hop BFD (RFC 5881). Reads and writes in place; {@link #wrap} moves it, nothing is allocated.
 * <pre>
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |Vers |  Diag   |Sta|P|F|C|A|D|M|  Detect Mult  |    Length     |  0
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                       My Discriminator                        |  4
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                      Your Discriminator                       |  8
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                    Desired Min TX Interval                    | 12
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                   Required Min RX Interval                    | 16
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                 Required Min Echo RX Interval                 | 20
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   Intervals in microseconds. An authentication section follows only when A is set.
 * </pre>
 */
public final class BfdControlPacket {
    public static final int VERSION = 1;
    public static final int LENGTH = 24;
    /** The least Length with the A bit set: the mandatory section and the 2-byte auth type and length. */
    public static final int MIN_LENGTH_WITH_AUTH = 26;

    static final int VERSION_DIAG = 0;
    static final int STATE_FLAGS = 1;
    static final int DETECT_MULT = 2;
    static final int LENGTH_FIELD = 3;
    static final int MY_DISCRIMINATOR = 4;
    static final int YOUR_DISCRIMINATOR = 8;
    static final int DESIRED_MIN_TX = 12;
    static final int REQUIRED_MIN_RX = 16;
    static final int REQUIRED_MIN_ECHO_RX = 20;

    public static final int POLL = 0x20;
    public static final int FINAL = 0x10;
    public static final int CONTROL_PLANE_INDEPENDENT = 0x08;
    public static final int AUTHENTICATION = 0x04;
    public static final int DEMAND = 0x02;
    public static final int MULTIPOINT = 0x01;

    /** {@link #check} results. */
    public static final int VALID = 0;
    public static final int MALFORMED = 1;
    public static final int AUTHENTICATED = 2;

    private MemorySegment segment;
    private long offset;

    public BfdControlPacket wrap(MemorySegment segment, long offset) {
        this.segment = segment;
        this.offset = offset;
        return this;
    }

    /**
     * The stateless checks of RFC 5880 section 6.8.6, in its order, on a packet of {@code payloadLength}
     * bytes (the UDP payload): version, Length against its minimum and the payload, Detect Mult,
     * Multipoint, My Discriminator, a zero Your Discriminator only from Down or AdminDown; then the A bit,
     * which no session here accepts ({@link #AUTHENTICATED}).
     */
    public int check(int payloadLength) {
        if (payloadLength < LENGTH || version() != VERSION) {
            return MALFORMED;
        }
        int length = length();
        boolean authenticated = (flags() & AUTHENTICATION) != 0;
        if (length < (authenticated ? MIN_LENGTH_WITH_AUTH : LENGTH) || length > payloadLength) {
            return MALFORMED;
        }
        if (detectMult() == 0 || (flags() & MULTIPOINT) != 0 || myDiscriminator() == 0) {
            return MALFORMED;
        }
        BfdState state = state();
        if (yourDiscriminator() == 0 && state != BfdState.DOWN && state != BfdState.ADMIN_DOWN) {
            return MALFORMED;
        }
        return authenticated ? AUTHENTICATED : VALID;
    }

    public int version() {
        return u8(segment, offset + VERSION_DIAG) >>> 5;
    }

    public int diagnostic() {
        return u8(segment, offset + VERSION_DIAG) & 0x1F;
    }

    public BfdState state() {
        return BfdState.ofCode(u8(segment, offset + STATE_FLAGS) >>> 6);
    }

    /** The six flag bits P F C A D M, as the {@code POLL} .. {@code MULTIPOINT} masks. */
    public int flags() {
        return u8(segment, offset + STATE_FLAGS) & 0x3F;
    }

    public boolean poll() {
        return (flags() & POLL) != 0;
    }

    public boolean isFinal() {
        return (flags() & FINAL) != 0;
    }

    public int detectMult() {
        return u8(segment, offset + DETECT_MULT);
    }

    public int length() {
        return u8(segment, offset + LENGTH_FIELD);
    }

    public int myDiscriminator() {
        return i32(segment, offset + MY_DISCRIMINATOR);
    }

    public int yourDiscriminator() {
        return i32(segment, offset + YOUR_DISCRIMINATOR);
    }

    /** Microseconds, unsigned. */
    public long desiredMinTxInterval() {
        return Integer.toUnsignedLong(i32(segment, offset + DESIRED_MIN_TX));
    }

    public long requiredMinRxInterval() {
        return Integer.toUnsignedLong(i32(segment, offset + REQUIRED_MIN_RX));
    }

    public long requiredMinEchoRxInterval() {
        return Integer.toUnsignedLong(i32(segment, offset + REQUIRED_MIN_ECHO_RX));
    }

    /** Writes a whole mandatory section without authentication: version 1, Length 24, C, A, D and M clear. */
    public BfdControlPacket write(int diagnostic, BfdState state, int flags, int detectMult, int myDiscriminator,
                                  int yourDiscriminator, long desiredMinTxMicros, long requiredMinRxMicros) {
        set8(segment, offset + VERSION_DIAG, VERSION << 5 | diagnostic & 0x1F);
        set8(segment, offset + STATE_FLAGS, state.code() << 6 | flags & (POLL | FINAL));
        set8(segment, offset + DETECT_MULT, detectMult);
        set8(segment, offset + LENGTH_FIELD, LENGTH);
        set32(segment, offset + MY_DISCRIMINATOR, myDiscriminator);
        set32(segment, offset + YOUR_DISCRIMINATOR, yourDiscriminator);
        set32(segment, offset + DESIRED_MIN_TX, (int) desiredMinTxMicros);
        set32(segment, offset + REQUIRED_MIN_RX, (int) requiredMinRxMicros);
        set32(segment, offset + REQUIRED_MIN_ECHO_RX, 0);
        return this;
    }
}
