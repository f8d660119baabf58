package io.trunkline.fastpath.fate;

/**
 * What becomes of one received packet: the one answer every stage of the worker gives (the established lane, the
 * full path, the rewrites, host traffic, BFD, the kernel exception path), an int so the per-packet path neither
 * allocates nor boxes.
 * <pre>
 *   FORWARD     send it out of the port it came in: to a backend, to the router, or back to the sender as an
 *               answer written in place (ARP or ND reply, TCP reset, ICMP too-big)
 *   CONSUMED    taken in (BFD): the worker frees it
 *   HANDED_OFF  no longer the worker's: passed to the kernel exception path or to the worker that runs BFD
 *   0, 1, ...   dropped, and counted under that {@link DropReasons} code
 * </pre>
 */
public final class Fate {
    private Fate() {
    }

    public static final int FORWARD = -1;
    public static final int CONSUMED = -2;
    public static final int HANDED_OFF = -3;

    /** Whether {@code fate} is a drop reason, a {@link DropReasons} code to count. */
    public static boolean isDrop(int fate) {
        return fate >= 0;
    }
}
