package io.trunkline.controlplane.replication;

/**
 * A dispatcher of the static peer list: its id (the origin id in records, 1..65535) and the
 * address its replication transport listens on.
 */
public record PeerEndpoint(int id, String host, int port) {
    public PeerEndpoint {
        if (id < 1 || id > io.trunkline.store.SessionEntry.MAX_ORIGIN_ID) {
            throw new ReplicationConfigException("dispatcher id " + id + " is outside 1.." + io.trunkline.store.SessionEntry.MAX_ORIGIN_ID);
        }
        if (port < 1 || port > 65535) {
            throw new ReplicationConfigException("replication port " + port + " of dispatcher " + id + " is outside 1..65535");
        }
    }

    /** Parses {@code id@host:port}, the form of the config file and the command line. */
    public static PeerEndpoint parse(String text) {
        final int at = text.indexOf('@');
        final int colon = text.lastIndexOf(':');
        if (at < 1 || colon < at + 2) {
            throw new ReplicationConfigException("replication peer '" + text + "' is not of the form id@host:port");
        }
        try {
            return new PeerEndpoint(Integer.parseInt(text.substring(0, at)), text.substring(at + 1, colon),
                Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new ReplicationConfigException("replication peer '" + text + "' is not of the form id@host:port", e);
        }
    }

    @Override
    public String toString() {
        return id + "@" + host + ":" + port;
    }
}
