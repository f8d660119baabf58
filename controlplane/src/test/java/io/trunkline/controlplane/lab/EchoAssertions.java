package io.trunkline.controlplane.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.function.Supplier;

/** What the lab's end-to-end tests ask of a long-lived echo run, from the client's own counts. */
final class EchoAssertions {
    private EchoAssertions() {
    }

    /**
     * No connection broken or reset, no exchange slower than the client's stall limit (2 s), every byte as sent,
     * all {@code connections} closed cleanly; returns the run's result fields for further checks.
     */
    static Map<String, String> assertNothingBroken(LabClient echo, int connections, Supplier<String> diagnostics) {
        Map<String, String> result = echo.fields("echo_connections=");
        String all = String.join("\n", echo.lines());
        assertEquals("0", result.get("broken"), () -> all + "\n" + diagnostics.get());
        assertEquals("0", result.get("resets"), all);
        assertEquals("0", result.get("stalls"), "exchanges slower than 2 s:\n" + all);
        assertEquals("0", result.get("mismatches"), all);
        assertEquals(Integer.toString(connections), result.get("closed_cleanly"), all);
        return result;
    }
}
