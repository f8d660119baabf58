package io.trunkline.controlplane.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;

/**
 * What the lab's end-to-end tests ask of a client run, from the client's own counts, set against the lab's
 * heartbeats ({@link LabPauses}). A failure or stall is excused only when it is a timeout and the whole machine paused
 * while it ran (docs/lab.md, "Stalls"); a reset, a refusal, a wrong byte, a timeout with no machine pause inside it,
 * or a failure the client could not time (past its event limit) fails the test. Every excuse is printed
 * ({@code failures_explained_by_machine_pause=N}, which scripts/soak-lab counts).
 */
final class LabVerdict {
    private LabVerdict() {
    }

    /** Every one of {@code requests} HTTP requests answered 200, but for timeouts inside machine pauses. */
    static void assertAllAnswered(LabClient http, long requests, LabExtension lab) {
        long excused = assertNoneFailed(http, lab);
        long ok = Long.parseLong(http.fields("requests_ok=").get("requests_ok"));
        assertEquals(requests, ok + excused, () -> http.lines() + "\n" + lab.diagnostics());
    }

    /** No HTTP request failed, but for timeouts inside machine pauses; returns how many those excused. */
    static long assertNoneFailed(LabClient http, LabExtension lab) {
        return excusedFailures(http, Long.parseLong(http.fields("requests_ok=").get("requests_failed")), lab);
    }

    /**
     * No connection broken or reset, no exchange slower than the client's stall limit (2 s), but for those a machine
     * pause excuses; every byte as sent; every connection still open closed cleanly. Returns the run's result fields.
     */
    static Map<String, String> assertNothingBroken(LabClient echo, int connections, LabExtension lab) {
        Map<String, String> result = echo.fields("echo_connections=");
        String all = String.join("\n", echo.lines());
        long broken = Long.parseLong(result.get("broken"));
        long stalls = Long.parseLong(result.get("stalls"));
        assertEquals("0", result.get("resets"), () -> all + "\n" + lab.diagnostics());
        assertEquals("0", result.get("mismatches"), all);
        excusedFailures(echo, broken + stalls, lab);
        assertEquals(connections - broken, Long.parseLong(result.get("closed_cleanly")), all);
        return result;
    }

    /**
     * How many of the client's {@code count} failures and stalls a machine pause excuses; fails the test unless that
     * is all of them.
     */
    private static int excusedFailures(LabClient client, long count, LabExtension lab) {
        if (count == 0) {
            return 0;
        }
        List<ClientEvents.Event> events = ClientEvents.parse(client.lines());
        LabPauses pauses = lab.lab().pauses();
        if (events == null || events.size() != count) {
            fail(count + " failures or stalls, " + (events == null ? "more than " + ClientEvents.LIMIT : events.size())
                    + " of them timed: none can be excused. " + pauses.summary() + "\n" + client.lines() + "\n" + lab.diagnostics());
        }
        List<ClientEvents.Event> unexcused = events.stream().filter(e -> !pauses.excuses(e)).toList();
        if (!unexcused.isEmpty()) {
            fail(unexcused.size() + " of " + count + " failures or stalls not inside a machine pause, e.g. " + unexcused.getFirst()
                    + "; " + pauses.summary() + "; " + pauses.windows() + "\n" + client.lines() + "\n" + lab.diagnostics());
        }
        LabExtension.log("failures_explained_by_machine_pause=" + count + " (" + pauses.summary() + ")");
        return events.size();
    }
}
