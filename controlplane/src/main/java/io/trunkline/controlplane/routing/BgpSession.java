package io.trunkline.controlplane.routing;

import io.trunkline.controlplane.config.Addresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One BGP session of the dispatcher's BIRD, as {@code show protocols all} reports it.
 *
 * @param protocol       BIRD's name of the session ({@code router_198_18_1_1})
 * @param neighbour      the router's address; empty when BIRD did not print it
 * @param state          the BGP state: {@code Established}, {@code Active}, {@code Connect}, {@code Idle}, {@code Down}...
 * @param routesExported routes announced to the router over all channels: the VIPs while announced, 0 withdrawn
 */
public record BgpSession(String protocol, Optional<InetAddress> neighbour, String state, long routesExported) {
    /** Protocol-list entries: a protocol's summary line. */
    private static final int PROTOCOL_LIST = 1002;
    /** Protocol details: the lines after a summary line in {@code show protocols all}. */
    private static final int PROTOCOL_DETAILS = 1006;
    private static final Pattern ROUTES = Pattern.compile("Routes:\\s+(\\d{1,18}) imported, (\\d{1,18}) exported.*");
    private static final Pattern FIELD = Pattern.compile("([A-Za-z ]+):\\s+(.*)");

    public boolean established() {
        return state.equals("Established");
    }

    /**
     * The BGP sessions in a reply to {@code show protocols all}; other protocols are skipped, and a
     * line that does not read as expected is ignored rather than failing the whole report.
     */
    public static List<BgpSession> parse(BirdReply reply) {
        List<BgpSession> sessions = new ArrayList<>();
        Builder current = null;
        for (BirdReply.Line line : reply.lines()) {
            if (line.code() == PROTOCOL_LIST) {
                if (current != null) {
                    sessions.add(current.build());
                }
                current = startOf(line.text());
            } else if (line.code() == PROTOCOL_DETAILS && current != null) {
                current.detail(line.text().strip());
            }
        }
        if (current != null) {
            sessions.add(current.build());
        }
        return List.copyOf(sessions);
    }

    /** A builder when the summary line is a BGP protocol's: {@code name BGP table state since info}. */
    private static Builder startOf(String summary) {
        String[] columns = summary.strip().split("\\s+");
        if (columns.length < 4 || !columns[1].equals("BGP")) {
            return null;
        }
        return new Builder(columns[0], columns[3].equals("up") ? "Established" : "Down");
    }

    private static final class Builder {
        private final String protocol;
        private String state;
        private Optional<InetAddress> neighbour = Optional.empty();
        private long exported;

        Builder(String protocol, String state) {
            this.protocol = protocol;
            this.state = state;
        }

        void detail(String text) {
            Matcher routes = ROUTES.matcher(text);
            if (routes.matches()) {
                exported += Long.parseLong(routes.group(2));
                return;
            }
            Matcher field = FIELD.matcher(text);
            if (!field.matches()) {
                return;
            }
            switch (field.group(1)) {
                case "BGP state" -> state = field.group(2).strip();
                case "Neighbor address" -> neighbour = address(field.group(2).strip());
                default -> {
                }
            }
        }

        private static Optional<InetAddress> address(String text) {
            try {
                return Optional.of(Addresses.parse(text.split("%")[0]));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        BgpSession build() {
            return new BgpSession(protocol, neighbour, state, exported);
        }
    }
}
