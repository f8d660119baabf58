package io.trunkline.controlplane.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HttpStatusLineTest {
    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        "HTTP/1.1 200 OK\\r\\n|200",
        "HTTP/1.0 503 Service Unavailable\\r\\n|503",
        "HTTP/1.1 204\\r\\n|204",
        "HTTP/1.1 301 Moved\\n|301",
        "garbage\\r\\n|-1",
        "HTTP/1.1 20 OK\\r\\n|-1",
        "HTTP/1.1 2000 OK\\r\\n|-1",
        "HTTP/1.1 099 Low\\r\\n|-1",
        "HTTP/2 200 OK\\r\\n|-1",
        "http/1.1 200 OK\\r\\n|-1",
        "HTTP/1.1  200 OK\\r\\n|-1",
    })
    void parsesTheStatusOfAStatusLine(String response, int status) {
        byte[] bytes = unescape(response).getBytes(StandardCharsets.US_ASCII);
        int end = HttpStatusLine.lineEnd(bytes, bytes.length);
        assertEquals(status, HttpStatusLine.parseStatus(bytes, end));
    }

    @Test
    void lineEndIsMinusOneUntilTheNewlineArrives() {
        byte[] bytes = "HTTP/1.1 200 OK\r".getBytes(StandardCharsets.US_ASCII);
        assertEquals(-1, HttpStatusLine.lineEnd(bytes, bytes.length));
    }

    @Test
    void quotesBytesPrintablyAndShortly() {
        byte[] bytes = "\u0001bad \"x\"\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("\"\\x01bad \\x22x\\x22\\r\\n\"", HttpStatusLine.quote(bytes, bytes.length));
        byte[] longLine = "x".repeat(60).getBytes(StandardCharsets.US_ASCII);
        assertEquals("\"" + "x".repeat(40) + "\"...", HttpStatusLine.quote(longLine, longLine.length));
    }

    @Test
    void requestIsAMinimalHttp11GetThatClosesTheConnection() throws Exception {
        String v4 = new String(HttpStatusLine.request("/health?full=1",
            new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080)), StandardCharsets.US_ASCII);
        assertEquals("GET /health?full=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: trunkline-health\r\n"
            + "Connection: close\r\n\r\n", v4);
        String v6 = new String(HttpStatusLine.request("/",
            new InetSocketAddress(InetAddress.getByName("::1"), 80)), StandardCharsets.US_ASCII);
        assertEquals("GET / HTTP/1.1\r\nHost: [0:0:0:0:0:0:0:1]\r\nUser-Agent: trunkline-health\r\n"
            + "Connection: close\r\n\r\n", v6);
    }

    private static String unescape(String csv) {
        return csv.replace("\\r", "\r").replace("\\n", "\n");
    }
}
