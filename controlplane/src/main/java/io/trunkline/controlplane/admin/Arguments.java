package io.trunkline.controlplane.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trunkline.controlplane.config.Addresses;
import io.trunkline.controlplane.config.MacAddress;
import io.trunkline.controlplane.config.Names;
import io.trunkline.controlplane.config.Suggestions;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The {@code args} object of one request, read with errors an operator can act on: each names the
 * argument and what it must be. A JSON null counts as absent.
 */
final class Arguments {
    private final String command;
    private final ObjectNode node;

    Arguments(String command, ObjectNode node) {
        this.command = command;
        this.node = node;
    }

    /** Refuses an argument the command does not take: a typo must not be ignored silently. */
    void allowOnly(List<String> names) {
        for (String given : (Iterable<String>) node::fieldNames) {
            if (!names.contains(given)) {
                String hint = Suggestions.closest(given, names).map(s -> ", did you mean \"" + s + "\"?")
                        .orElse(names.isEmpty() ? " (it takes none)" : " (it takes " + String.join(", ", names) + ")");
                throw new AdminException(command + ": unknown argument \"" + given + "\"" + hint);
            }
        }
    }

    boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    String text(String name) {
        return optionalText(name).orElseThrow(() -> missing(name));
    }

    Optional<String> optionalText(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        if (!value.isTextual()) {
            throw invalid(name, "must be a string");
        }
        return Optional.of(value.textValue());
    }

    int integer(String name, int min, int max) {
        if (!has(name)) {
            throw missing(name);
        }
        return integer(name, min, max, 0);
    }

    int integer(String name, int min, int max, int absent) {
        return (int) longInteger(name, min, max, absent);
    }

    long longInteger(String name, long min, long max, long absent) {
        if (!has(name)) {
            return absent;
        }
        JsonNode value = node.get(name);
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong()
                || value.longValue() < min || value.longValue() > max) {
            throw invalid(name, "must be an integer within " + min + ".." + max + ", got " + value);
        }
        return value.longValue();
    }

    boolean flag(String name) {
        if (!has(name)) {
            return false;
        }
        JsonNode value = node.get(name);
        if (!value.isBoolean()) {
            throw invalid(name, "must be true or false");
        }
        return value.booleanValue();
    }

    InetAddress address(String name) {
        return optionalAddress(name).orElseThrow(() -> missing(name));
    }

    Optional<InetAddress> optionalAddress(String name) {
        return optionalText(name).map(text -> {
            try {
                return Addresses.parse(text);
            } catch (IllegalArgumentException e) {
                throw new AdminException("bad address \"" + text + "\"" + (name.equals("address") ? "" : " for " + name)
                        + ": " + e.getMessage());
            }
        });
    }

    Optional<MacAddress> optionalMac(String name) {
        return optionalText(name).map(text -> {
            try {
                return MacAddress.parse(text);
            } catch (IllegalArgumentException e) {
                throw invalid(name, e.getMessage());
            }
        });
    }

    /** An enum constant as the configuration file spells it ({@code dsr}, {@code drain}). */
    <E extends Enum<E>> E choice(String name, Class<E> type, E absent) {
        Optional<String> text = optionalText(name);
        if (text.isEmpty()) {
            return absent;
        }
        try {
            return Names.parse(type, text.get());
        } catch (IllegalArgumentException e) {
            throw invalid(name, e.getMessage() + ", got \"" + text.get() + "\"");
        }
    }

    private AdminException missing(String name) {
        return new AdminException(command + ": missing argument \"" + name + "\"");
    }

    private AdminException invalid(String name, String rule) {
        return new AdminException(command + ": " + name + " " + rule);
    }
}
