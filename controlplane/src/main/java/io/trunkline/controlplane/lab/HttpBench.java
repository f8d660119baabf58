package io.trunkline.controlplane.lab;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Debian HTTP load tools run from the lab's client namespace through a VIP, their reports read back:
 * {@code wrk} (keep-alive connections, as many requests as it can for a while) and {@code ab} (ApacheBench, a new
 * connection per request unless told otherwise). Their counts are the clients', as the lab's own clients' are.
 */
public final class HttpBench {
    private static final Pattern WRK_TOTAL = Pattern.compile("(\\d+) requests in ");
    private static final Pattern WRK_RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern WRK_SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern WRK_NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern AB_COMPLETE = Pattern.compile("Complete requests:\\s+(\\d+)");
    private static final Pattern AB_FAILED = Pattern.compile("Failed requests:\\s+(\\d+)");
    private static final Pattern AB_NON_2XX = Pattern.compile("Non-2xx responses:\\s+(\\d+)");
    private static final Pattern AB_RATE = Pattern.compile("Requests per second:\\s+([0-9.]+)");

    private HttpBench() {
    }

    /**
     * What a tool reported.
     *
     * @param tool           {@code wrk} or {@code ab}
     * @param requests       requests completed
     * @param failed         requests that failed: wrk's socket errors (connect, read, write, timeout), ab's failed requests
     * @param non2xx         answers that were not 2xx (wrk: nor 3xx)
     * @param requestsPerSecond the tool's own rate
     * @param exitStatus     the tool's exit status
     * @param report         everything it printed
     */
    public record Report(String tool, long requests, long failed, long non2xx, double requestsPerSecond, int exitStatus,
                         String report) {
        public boolean clean() {
            return exitStatus == 0 && requests > 0 && failed == 0 && non2xx == 0;
        }

        /** One line: {@code wrk_requests=… wrk_failed=… wrk_non_2xx=… wrk_requests_per_s=…}. */
        public String summary() {
            return String.format(Locale.ROOT, "%s_requests=%d %s_failed=%d %s_non_2xx=%d %s_requests_per_s=%.0f", tool,
                    requests, tool, failed, tool, non2xx, tool, requestsPerSecond);
        }
    }

    /** {@code wrk} for {@code seconds} with {@code connections} keep-alive connections on one thread, to {@code url}. */
    public static Report wrk(LabPlan plan, String url, int connections, int seconds) {
        Commands.Result run = Commands.run(Commands.inNamespace(plan.clientNamespace(), "wrk", "-t", "1",
                "-c", Integer.toString(connections), "-d", seconds + "s", "--timeout", "2s", url));
        String text = run.output();
        long failed = 0;
        Matcher errors = WRK_SOCKET_ERRORS.matcher(text);
        if (errors.find()) {
            for (int g = 1; g <= 4; g++) {
                failed += Long.parseLong(errors.group(g));
            }
        }
        return new Report("wrk", number(WRK_TOTAL, text), failed, number(WRK_NON_2XX, text), rate(WRK_RATE, text),
                run.status(), text);
    }

    /** {@code ab}: {@code requests} requests, {@code concurrency} at a time, each on a new connection, to {@code url}. */
    public static Report ab(LabPlan plan, String url, int requests, int concurrency) {
        Commands.Result run = Commands.run(Commands.inNamespace(plan.clientNamespace(), "ab", "-q", "-s", "5",
                "-n", Integer.toString(requests), "-c", Integer.toString(concurrency), url));
        String text = run.output();
        return new Report("ab", number(AB_COMPLETE, text), number(AB_FAILED, text), number(AB_NON_2XX, text),
                rate(AB_RATE, text), run.status(), text);
    }

    /** The VIP's web URL for {@code vip} (brackets around an IPv6 address). */
    public static String url(String vip) {
        return "http://" + (vip.contains(":") ? "[" + vip + "]" : vip) + ":" + LabPlan.WEB_PORT + "/";
    }

    private static long number(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    private static double rate(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
