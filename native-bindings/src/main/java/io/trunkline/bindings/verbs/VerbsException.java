package io.trunkline.bindings.verbs;

import java.lang.foreign.MemorySegment;

/** A verbs call failed; the message names the call, its subject and the C library's errno text. */
public final class VerbsException extends RuntimeException {
    private final int errno;

    public VerbsException(String call, int errno) {
        super(call + " failed: " + (errno == 0 ? "no errno set" : Verbs.strerror(errno) + " (errno " + errno + ")"));
        this.errno = errno;
    }

    /** The positive errno value the call reported, 0 when it set none. */
    public int errno() {
        return errno;
    }

    /**
     * Throws unless {@code ret} is zero. libibverbs returns an errno value, or -1 with errno set
     * (ibv_query_gid), or, from some providers, -errno; {@code callState} holds the captured errno.
     */
    static void check(int ret, MemorySegment callState, String call) {
        if (ret == 0) {
            return;
        }
        int errno = ret > 0 ? ret : ret == -1 && Verbs.errno(callState) != 0 ? Verbs.errno(callState) : -ret;
        throw new VerbsException(call, errno);
    }

    /** Returns {@code pointer} unless it is NULL, in which case errno says why. */
    static MemorySegment checkNotNull(MemorySegment pointer, MemorySegment callState, String call) {
        if (pointer.equals(MemorySegment.NULL)) {
            throw new VerbsException(call, Verbs.errno(callState));
        }
        return pointer;
    }
}
