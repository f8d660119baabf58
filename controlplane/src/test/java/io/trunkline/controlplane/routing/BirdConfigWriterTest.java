package io.trunkline.controlplane.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trunkline.controlplane.config.ConfigLoader;
import io.trunkline.controlplane.config.TrunklineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BirdConfigWriterTest {
    @TempDir
    Path dir;

    /** Two ports, IPv4 and IPv6 VIPs (two sharing an address), one IPv4 and one IPv6 router. */
    private TrunklineConfig config(String passwordFile) throws Exception {
        return ConfigLoader.parse("bgp.yaml", """
                node: { id: 1, name: dispatcher-a }
                ports:
                  - { name: data0, device: net_null0, addresses: [198.18.0.2/30, "2001:2::2/64"] }
                  - { name: data1, device: net_null1, addresses: ["2001:2:0:1::2/64"] }
                routing:
                  bgp:
                    local_as: 64512
                    neighbours:
                      - { address: 198.18.0.1, as: 64500, password_file: %s }
                      - { address: "2001:2:0:1::1", as: 4200000000 }
                vips:
                  - { name: web, address: 198.19.0.1, port: 80, pool: web }
                  - { name: web-tls, address: 198.19.0.1, port: 443, pool: web }
                  - { name: web6, address: "2001:2:0:ff::1", port: 80, pool: web }
                pools:
                  - name: web
                    backends: [ { name: web1, address: 198.18.0.3 } ]
                """.formatted(passwordFile));
    }

    @Test
    void writesTheVipRoutesAndOneExportOnlySessionPerRouter() throws Exception {
        Path password = Files.writeString(dir.resolve("router-a.password"), "s3cret!#\n");

        String text = BirdConfigWriter.render(config(password.toString()), false);

        assertTrue(text.contains("\nrouter id 198.18.0.2;\n"), "router id from the first IPv4 port address: " + text);
        assertTrue(text.contains("""
                protocol static trunkline_vips4 {
                  disabled yes;
                  ipv4;
                  route 198.19.0.1/32 blackhole;
                }
                """), "one route per VIP address: " + text);
        assertTrue(text.contains("""
                protocol static trunkline_vips6 {
                  disabled yes;
                  ipv6;
                  route 2001:2:0:ff::1/128 blackhole;
                }
                """), text);
        assertTrue(text.contains("""
                protocol bgp router_198_18_0_1 {
                  description "198.18.0.1 AS 64500 on data0";
                  local 198.18.0.2 as 64512;
                  neighbor 198.18.0.1 as 64500;
                  direct;
                  hold time 9;
                  keepalive time 3;
                  connect delay time 1;
                  bfd off;
                  password "s3cret!#";
                  ipv4 {
                    import none;
                    export where proto = "trunkline_vips4";
                  };
                  ipv6 {
                    import none;
                    export where proto = "trunkline_vips6";
                    next hop address 2001:2::2;
                  };
                }
                """), "IPv6 VIPs over the IPv4 session with the port's IPv6 next hop: " + text);
        assertTrue(text.contains("""
                protocol bgp router_2001_2_0_1__1 {
                  description "2001:2:0:1::1 AS 4200000000 on data1";
                  local 2001:2:0:1::2 as 64512;
                  neighbor 2001:2:0:1::1 as 4200000000;
                """), text);
        assertFalse(text.substring(text.indexOf("router_2001_2_0_1__1")).contains("ipv4 {"),
                "no IPv4 channel where the port has no IPv4 next hop: " + text);
        assertFalse(text.contains("kernel"), "the dispatcher installs nothing: " + text);
    }

    @Test
    void announcedStateIsWrittenSoAReloadKeepsIt() throws Exception {
        Path password = Files.writeString(dir.resolve("p"), "x");

        String text = BirdConfigWriter.render(config(password.toString()), true);

        assertTrue(text.contains("protocol static trunkline_vips4 {\n  disabled no;\n"), text);
        assertTrue(text.contains("protocol static trunkline_vips6 {\n  disabled no;\n"), text);
    }

    @Test
    void birdAcceptsTheFile() throws Exception {
        Path bird = Path.of("/usr/sbin/bird");
        assumeTrue(Files.isExecutable(bird), "BIRD 2 is not installed (scripts/bootstrap installs bird2)");
        Path password = Files.writeString(dir.resolve("p"), "s3cret");
        Path file = dir.resolve("bird.conf");

        BirdConfigWriter.write(config(password.toString()), true, file);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Process check = new ProcessBuilder(bird.toString(), "-p", "-c", file.toString()).redirectErrorStream(true).start();
        assertTrue(check.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), new String(check.getInputStream().readAllBytes()));
    }

    @Test
    void unusablePasswordFilesAreOneLineErrors() throws Exception {
        Path missing = dir.resolve("missing");
        assertEquals("BGP password file " + missing + ": no such file", assertThrows(BirdException.class,
                () -> BirdConfigWriter.render(config(missing.toString()), false)).getMessage());

        Path quote = Files.writeString(dir.resolve("quote"), "pass\"word\n");
        assertEquals("BGP password file " + quote + ": must hold one line of 1 to 80 printable ASCII characters without '\"'",
                assertThrows(BirdException.class, () -> BirdConfigWriter.render(config(quote.toString()), false)).getMessage());

        Path binary = Files.write(dir.resolve("binary"), new byte[] {(byte) 0xff, 0x41});
        assertEquals("BGP password file " + binary + ": not ASCII text", assertThrows(BirdException.class,
                () -> BirdConfigWriter.render(config(binary.toString()), false)).getMessage());
    }
}
