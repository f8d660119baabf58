package io.trunkline.bindings.verbs;

/**
 * The RTR to RTS (ready to send) transition.
 *
 * @param psn         first packet sequence number this side sends (24 bits; the peer got it in the {@link QpEndpoint})
 * @param timeout     local ACK timeout code: 4.096 us * 2^timeout (14 = 67 ms)
 * @param retryCount  retransmissions before a send completes with IBV_WC_RETRY_EXC_ERR (at most 7)
 * @param rnrRetry    retries after receiver-not-ready NAKs (7 = forever)
 * @param maxRdAtomic RDMA reads/atomics this side may have outstanding
 */
public record RtsConfig(int psn, int timeout, int retryCount, int rnrRetry, int maxRdAtomic) {

    public RtsConfig {
        if ((psn & ~0xff_ffff) != 0 || retryCount < 0 || retryCount > 7 || rnrRetry < 0 || rnrRetry > 7 || timeout < 0 || timeout > 31) {
            throw new IllegalArgumentException("psn is 24 bits, retry counts 0..7, timeout 0..31: psn " + psn + ", timeout " + timeout
                    + ", retry " + retryCount + ", rnr retry " + rnrRetry);
        }
    }

    /**
     * Starting at {@code psn}: a 67 ms ACK timeout retried 7 times (about half a second before a
     * dead peer shows as IBV_WC_RETRY_EXC_ERR), receiver-not-ready retried forever (the receiver
     * replenishes), one read in flight.
     */
    public static RtsConfig of(int psn) {
        return new RtsConfig(psn, 14, 7, 7, 1);
    }
}
