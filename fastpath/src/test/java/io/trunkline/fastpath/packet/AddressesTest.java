package io.trunkline.fastpath.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {
    @Test
    void macRoundTrips() {
        assertEquals(0x02_00_00_00_00_01L, MacAddress.parse("02:00:00:00:00:01"));
        assertEquals(0xAA_BB_CC_DD_EE_FFL, MacAddress.parse("AA-bb-cc-dd-ee-ff"));
        assertEquals("02:00:00:00:00:01", MacAddress.format(0x02_00_00_00_00_01L));
        assertEquals("ff:ff:ff:ff:ff:ff", MacAddress.format(MacAddress.BROADCAST));
        assertTrue(MacAddress.isMulticast(MacAddress.parse("01:00:5e:00:00:01")));
        assertFalse(MacAddress.isMulticast(MacAddress.parse("02:00:00:00:00:01")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "02:00:00:00:00", "02:00:00:00:00:01:02", "02:00:00:00:00:zz", "02:00:00:00:00:100", "02::00:00:00:01"})
    void rejectsMalformedMac(String text) {
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(text));
    }

    @Test
    void addressesInTheSessionTablesForm() throws Exception {
        InetAddress v4 = InetAddress.getByName("198.18.0.1");
        InetAddress v6 = InetAddress.getByName("2001:2::ff:1");
        assertEquals(0, IpAddresses.high(v4));
        assertEquals(0x0000_ffff_c612_0001L, IpAddresses.low(v4), "::ffff:198.18.0.1");
        assertEquals(IpAddresses.ipv4Mapped(0xC6120001), IpAddresses.low(v4));
        assertEquals(IpAddresses.parseIpv6("2001:2::ff:1").high(), IpAddresses.high(v6));
        assertEquals(IpAddresses.parseIpv6("2001:2::ff:1").low(), IpAddresses.low(v6));
    }

    @Test
    void ipv4RoundTrips() {
        assertEquals(0xC6120001, IpAddresses.parseIpv4("198.18.0.1"));
        assertEquals("198.18.0.1", IpAddresses.formatIpv4(0xC6120001));
        assertEquals("255.255.255.255", IpAddresses.formatIpv4(-1));
        assertThrows(IllegalArgumentException.class, () -> IpAddresses.parseIpv4("2001:2::1"));
        assertThrows(IllegalArgumentException.class, () -> IpAddresses.parseIpv4("dispatcher.example"));
    }

    @ParameterizedTest
    @CsvSource({
            "2001:2::1, 2001:2::1",
            "2001:0002:0000:0000:0000:0000:0000:0001, 2001:2::1",
            "::, ::",
            "::1, ::1",
            "1::, 1::",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "FE80::ABCD, fe80::abcd"})
    void ipv6FormatsAsRfc5952(String input, String expected) {
        IpAddresses.Ipv6Address address = IpAddresses.parseIpv6(input);
        assertEquals(expected, address.toString());
        assertEquals(address, IpAddresses.parseIpv6(expected));
    }

    @Test
    void ipv6HoldsNetworkOrderHalves() {
        IpAddresses.Ipv6Address address = IpAddresses.parseIpv6("2001:2:0:1::a");
        assertEquals(0x2001_0002_0000_0001L, address.high());
        assertEquals(0x0000_0000_0000_000AL, address.low());
        assertThrows(IllegalArgumentException.class, () -> IpAddresses.parseIpv6("198.18.0.1"));
    }

    @Test
    void verdictCodesAreUniqueAndFindTheirVerdict() {
        Set<Integer> codes = new HashSet<>();
        for (Verdict verdict : Verdict.values()) {
            assertTrue(codes.add(verdict.code()), "duplicate code " + verdict.code());
            assertTrue(verdict.code() < Verdict.CODE_LIMIT);
            assertSame(verdict, Verdict.ofCode(verdict.code()));
        }
        assertSame(Verdict.OK, Verdict.ofCode(0));
        assertNull(Verdict.ofCode(Verdict.CODE_LIMIT));
        assertNull(Verdict.ofCode(-1));
    }
}
