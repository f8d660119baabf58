package io.trunkline.bindings.dpdk;

/** A DPDK call failed; the message names the call, its subject and DPDK's own explanation. */
public final class DpdkException extends RuntimeException {
    private final int errno;

    public DpdkException(String call, int errno) {
        super(call + " failed: " + Eal.strerror(errno) + " (errno " + errno + ")");
        this.errno = errno;
    }

    /** The positive errno value DPDK reported. */
    public int errno() {
        return errno;
    }

    /** Throws unless {@code ret} is zero or positive; DPDK returns -errno. */
    static int check(int ret, String call) {
        if (ret < 0) {
            throw new DpdkException(call, -ret);
        }
        return ret;
    }
}
