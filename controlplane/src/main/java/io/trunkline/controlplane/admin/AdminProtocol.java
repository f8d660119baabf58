package io.trunkline.controlplane.admin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The admin API's wire format (docs/admin-api.md): one JSON object per line each way, UTF-8,
 * over a Unix domain stream socket. A connection carries any number of requests, answered in order.
 *
 * <pre>
 *   request   {"version":1,"id":7,"command":"vip.add","args":{"name":"api",...}}
 *   response  {"version":1,"id":7,"ok":true,"result":{...}}
 *             {"version":1,"id":7,"ok":false,"error":"unknown VIP \"wbe\", did you mean \"web\"?"}
 * </pre>
 *
 * <p>{@code version} is the protocol version the sender speaks (absent means 1). A daemon answers a
 * request of a newer version with an error instead of guessing; additions that old clients can ignore
 * (a new command, a new result field) do not change the version.
 */
public final class AdminProtocol {
    /** The protocol version this build speaks. */
    public static final int VERSION = 1;
    /** Longest request line the daemon reads; a longer one is answered with an error and the connection closed. */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;
    /** Longest response line a client reads: a session list at its largest limit fits. */
    public static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    /** Field names in snake_case, as the configuration file writes its keys. Thread-safe once built. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // a newer daemon may add result fields: an older client reads what it knows
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private AdminProtocol() {
    }

    /** The mapper that writes results the way the daemon sends them, for printing a result as JSON. */
    public static ObjectMapper json() {
        return JSON;
    }

    /** A line went past its bound before its newline. */
    static final class LineTooLongException extends IOException {
        LineTooLongException(String what, int max) {
            super(what + " longer than " + max + " bytes");
        }
    }

    /**
     * The bytes up to the next {@code '\n'} (not included), or null at the end of the stream before
     * any byte; a last line without newline counts as a line.
     *
     * @param what "request" or "response", for the error
     */
    static byte[] readLine(InputStream in, int max, String what) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (line.size() == max) {
                throw new LineTooLongException(what, max);
            }
            line.write(b);
        }
        return b == -1 && line.size() == 0 ? null : line.toByteArray();
    }
}
