package io.trunkline.controlplane.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The arguments of an admin request, built from a command's options in the order given. Options the
 * operator left out are null and travel as JSON null, which the daemon reads as "not given" (so
 * {@code Map.of}, which refuses nulls, does not fit).
 */
final class RequestArguments {
    private RequestArguments() {
    }

    /** {@code of("pool", pool, "name", name)}: names at even positions, values after them. */
    static Map<String, Object> of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("arguments come in name/value pairs");
        }
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            args.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return args;
    }
}
