package io.trunkline.controlplane.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The value syntaxes of the file: durations, sizes, addresses, prefixes, MACs. */
class UnitsTest {
    @Test
    void durations() {
        assertEquals(Duration.ofSeconds(2), Units.parseDuration("2s"));
        assertEquals(Duration.ofMillis(100), Units.parseDuration("100ms"));
        assertEquals(Duration.ofNanos(20_000), Units.parseDuration("20us"));
        assertEquals(Duration.ofNanos(20_000), Units.parseDuration("20µs"));
        assertEquals(Duration.ofSeconds(90), Units.parseDuration("1m30s"));
        assertEquals(Duration.ofHours(2), Units.parseDuration("2h"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseDuration("30"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseDuration("1.5s"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseDuration("-1s"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseDuration("99999999999999999h"));

        assertEquals("5m", Units.formatDuration(Duration.ofSeconds(300)));
        assertEquals("90s", Units.formatDuration(Duration.ofSeconds(90)));
        assertEquals("1500ms", Units.formatDuration(Duration.ofMillis(1500)));
        assertEquals("20us", Units.formatDuration(Duration.ofNanos(20_000)));
        assertEquals("0s", Units.formatDuration(Duration.ZERO));
    }

    @Test
    void sizes() {
        assertEquals(2L << 30, Units.parseSize("2GiB"));
        assertEquals(512L << 20, Units.parseSize("512MiB"));
        assertEquals(4096, Units.parseSize("4096"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseSize("2GB"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseSize("2 GiB"));
        assertEquals("2GiB", Units.formatSize(2L << 30));
        assertEquals("1000KiB", Units.formatSize(1000L << 10));
        assertEquals("100B", Units.formatSize(100));
    }

    @Test
    void addressesAreLiteralsOnly() {
        assertEquals("198.18.1.2", Addresses.format(Addresses.parse("198.18.1.2")));
        assertEquals("2001:db8::1", Addresses.format(Addresses.parse("2001:0db8:0:0:0:0:0:1")));
        assertEquals("2001:0:0:1::1", Addresses.format(Addresses.parse("2001:0:0:1:0:0:0:1")));
        assertEquals("::", Addresses.format(Addresses.parse("::")));
        assertEquals("1::", Addresses.format(Addresses.parse("1::")));
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse("localhost"));
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse("127.1"));
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse("fe80::1%eth0"));
    }

    @Test
    void socketAddresses() {
        assertEquals(new InetSocketAddress(Addresses.parse("2001:db8::1"), 7400), Addresses.parseSocket("[2001:db8::1]:7400"));
        assertEquals("[2001:db8::1]:7400", Addresses.format(Addresses.parseSocket("[2001:db8::1]:7400")));
        assertEquals("198.18.2.1:7400", Addresses.format(Addresses.parseSocket("198.18.2.1:7400")));
        assertThrows(IllegalArgumentException.class, () -> Addresses.parseSocket("198.18.2.1:0"));
        assertThrows(IllegalArgumentException.class, () -> Addresses.parseSocket("[198.18.2.1]:7400"));
        assertThrows(IllegalArgumentException.class, () -> Addresses.parseSocket("2001:db8::1:7400"));
    }

    @Test
    void prefixes() {
        Cidr net = Cidr.parse("198.18.1.2/24");
        assertTrue(net.contains(Addresses.parse("198.18.1.200")));
        assertFalse(net.contains(Addresses.parse("198.18.2.1")));
        assertFalse(net.contains(Addresses.parse("::1")));
        assertTrue(Cidr.parse("2001:2::2/64").contains(Addresses.parse("2001:2::ffff:1")));
        assertEquals("2001:2::2/64", Cidr.parse("2001:2:0::2/64").toString());
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("2001:2::2/129"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("198.18.1.2/"));
    }

    @Test
    void macs() {
        assertEquals("02:00:00:00:03:0b", MacAddress.parse("02:00:00:00:03:0B").toString());
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("02-00-00-00-03-0b"));
    }

    @Test
    void suggestionsForTypos() {
        assertEquals("port", Suggestions.closest("prot", java.util.List.of("name", "port", "pool")).orElseThrow());
        assertEquals("idle", Suggestions.closest("idel", java.util.List.of("lcores", "idle")).orElseThrow());
        assertTrue(Suggestions.closest("frobnicate", java.util.List.of("name", "port")).isEmpty());
    }
}
