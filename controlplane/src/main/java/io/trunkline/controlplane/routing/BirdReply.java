package io.trunkline.controlplane.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * One reply of BIRD's control socket: lines, each with the 4-digit code BIRD gave it.
 *
 * <p>On the wire (BIRD's {@code doc/reply_codes}) a line is {@code CODE-text} when more lines
 * follow, {@code CODE text} when it is the last, or {@code " text"}, a continuation that keeps the
 * code of the line before. Codes 0xxx report success, 1xxx are table entries, 2xxx table
 * headings, 8xxx run-time errors, 9xxx parse errors; {@code +} lines are spontaneous printouts
 * and belong to no reply.
 *
 * @param lines every line of the reply, the final one last
 */
public record BirdReply(List<Line> lines) {
    /** 8xxx and 9xxx: BIRD did not do what was asked. */
    private static final int FIRST_ERROR_CODE = 8000;

    /** One line of a reply, without its code and separator. */
    public record Line(int code, String text) {
    }

    public BirdReply {
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least its final line");
        }
    }

    /** The code of the final line: what the command did. */
    public int code() {
        return lines.getLast().code();
    }

    public boolean isError() {
        return code() >= FIRST_ERROR_CODE;
    }

    /** The texts of the lines with {@code code}, in order. */
    public List<String> texts(int code) {
        return lines.stream().filter(l -> l.code() == code).map(Line::text).toList();
    }

    /** The reply as one line for a message: the texts joined by "; ". */
    public String summary() {
        return String.join("; ", lines.stream().map(Line::text).map(String::strip).filter(t -> !t.isEmpty()).toList());
    }

    /** Parses the text of a whole reply, as captured from the socket; everything after its final line is ignored. */
    public static BirdReply parse(String text) throws BirdException {
        Parser parser = new Parser();
        for (String line : text.split("\n", -1)) {
            if (parser.accept(line)) {
                return parser.reply();
            }
        }
        throw new BirdException("BIRD reply ended without a final line");
    }

    /** Accumulates the lines of one reply as they arrive. */
    static final class Parser {
        private final List<Line> lines = new ArrayList<>();
        private boolean complete;

        /**
         * Takes one line, without its line feed.
         *
         * @return whether that was the final line of the reply
         */
        boolean accept(String raw) throws BirdException {
            if (complete) {
                throw new IllegalStateException("the reply is complete");
            }
            if (raw.startsWith("+") || raw.isEmpty()) {
                return false;
            }
            if (raw.charAt(0) == ' ') {
                if (lines.isEmpty()) {
                    throw new BirdException("BIRD reply starts with a continuation line: " + raw.strip());
                }
                lines.add(new Line(lines.getLast().code(), raw.substring(1)));
                return false;
            }
            if (raw.length() < 5 || !isCode(raw) || (raw.charAt(4) != ' ' && raw.charAt(4) != '-')) {
                throw new BirdException("not a BIRD reply line: " + raw.strip());
            }
            lines.add(new Line(Integer.parseInt(raw, 0, 4, 10), raw.substring(5)));
            complete = raw.charAt(4) == ' ';
            return complete;
        }

        BirdReply reply() {
            return new BirdReply(lines);
        }

        private static boolean isCode(String raw) {
            for (int i = 0; i < 4; i++) {
                if (raw.charAt(i) < '0' || raw.charAt(i) > '9') {
                    return false;
                }
            }
            return true;
        }
    }
}
