package io.trunkline.controlplane.daemon;

/**
 * One session of the shared table as an operator reads it.
 *
 * @param protocol     "tcp" or "udp"
 * @param client       client address and port, {@code 198.18.0.1:40000} or {@code [2001:2::1]:40000}
 * @param vip          the VIP's name
 * @param vipEndpoint  the VIP's address and port as the client sent them
 * @param pool         the pool of the backend
 * @param backend      the backend's name
 * @param state        OPENING, ESTABLISHED or CLOSING
 * @param originId     the dispatcher that last wrote the session
 * @param ageMillis    since the session opened
 * @param idleMillis   since a packet of it was last recorded in the table
 */
public record SessionView(String protocol, String client, String vip, String vipEndpoint, String pool, String backend,
                          String state, int originId, long ageMillis, long idleMillis) {
}
