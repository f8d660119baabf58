package io.trunkline.fastpath.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.fastpath.packet.Headers;
import org.junit.jupiter.api.Test;

class ForwardingTablesTest {
    @Test
    void versionsOnlyMoveForward() {
        ForwardingTable one = ForwardingTable.builder().version(1).build();
        ForwardingTables tables = new ForwardingTables(one);

        assertThrows(IllegalArgumentException.class, () -> tables.publish(ForwardingTable.builder().version(1).build()));
        assertSame(one, tables.current());
        ForwardingTable two = ForwardingTable.builder().version(2).build();
        tables.publish(two);
        assertSame(two, tables.current());
    }

    @Test
    void findsVipsByProtocolAddressAndPortAndNatRepliesByBackend() {
        long vip = ForwardingTable.ipv4Low(0xC6130001);
        long backend = ForwardingTable.ipv4Low(0xC612030A);
        ForwardingTable table = ForwardingTable.builder().version(1)
                .vip(new ForwardingTable.Vip(0, "web", Headers.PROTOCOL_TCP, 0, vip, 80, ForwardingMode.DSR))
                .vip(new ForwardingTable.Vip(1, "dns", Headers.PROTOCOL_UDP, 0, vip, 53, ForwardingMode.NAT))
                .target(new ForwardingTable.Target(7, 0x020000000007L, 0, backend, 5353), Headers.PROTOCOL_UDP, 1)
                .build();

        assertEquals(0, table.vipIndex(Headers.PROTOCOL_TCP, 0, vip, 80));
        assertEquals(1, table.vipIndex(Headers.PROTOCOL_UDP, 0, vip, 53));
        assertEquals(-1, table.vipIndex(Headers.PROTOCOL_UDP, 0, vip, 80));
        assertEquals(-1, table.vipIndex(Headers.PROTOCOL_TCP, 1, vip, 80));
        assertEquals(1, table.vipIndexAnyPort(Headers.PROTOCOL_UDP, 0, vip));
        assertEquals(1, table.natReturnVip(Headers.PROTOCOL_UDP, 0, backend, 5353));
        assertEquals(-1, table.natReturnVip(Headers.PROTOCOL_UDP, 0, backend, 53));
        assertEquals(ForwardingMode.NAT, table.mode(1));
        assertEquals(5353, table.target(7).port());
        assertEquals(null, table.target(8));
    }

    /** A cached flow remembers its VIP's index: the index must stop matching once a new table gives it to another VIP or drops it. */
    @Test
    void aRememberedVipIndexMatchesOnlyTheVipItStillIs() {
        long vip = ForwardingTable.ipv4Low(0xC6130001);
        long other = ForwardingTable.ipv4Low(0xC6130002);
        ForwardingTable first = ForwardingTable.builder().version(1)
                .vip(new ForwardingTable.Vip(0, "web", Headers.PROTOCOL_TCP, 0, vip, 80, ForwardingMode.DSR))
                .vip(new ForwardingTable.Vip(1, "dns", Headers.PROTOCOL_UDP, 0, vip, 53, ForwardingMode.DSR))
                .build();
        ForwardingTable second = ForwardingTable.builder().version(2)
                .vip(new ForwardingTable.Vip(0, "web", Headers.PROTOCOL_TCP, 0, other, 80, ForwardingMode.DSR))
                .build();

        assertTrue(first.isVip(0, Headers.PROTOCOL_TCP, 0, vip, 80));
        assertTrue(first.isVip(1, Headers.PROTOCOL_UDP, 0, vip, 53));
        assertFalse(first.isVip(1, Headers.PROTOCOL_TCP, 0, vip, 80));
        assertFalse(first.isVip(0, Headers.PROTOCOL_TCP, 0, vip, 81));
        assertFalse(first.isVip(0, Headers.PROTOCOL_UDP, 0, vip, 80));
        assertFalse(first.isVip(0, Headers.PROTOCOL_TCP, 1, vip, 80));
        assertFalse(second.isVip(0, Headers.PROTOCOL_TCP, 0, vip, 80), "index 0 is another VIP now");
        assertFalse(second.isVip(1, Headers.PROTOCOL_UDP, 0, vip, 53), "VIP 1 is gone");
        assertFalse(second.isVip(5, Headers.PROTOCOL_UDP, 0, vip, 53), "never was");
    }

    @Test
    void refusesTwoVipsOnOneProtocolAddressAndPort() {
        ForwardingTable.Builder b = ForwardingTable.builder()
                .vip(new ForwardingTable.Vip(0, "a", Headers.PROTOCOL_TCP, 0, 1, 80, ForwardingMode.DSR))
                .vip(new ForwardingTable.Vip(1, "b", Headers.PROTOCOL_TCP, 0, 1, 80, ForwardingMode.NAT));
        assertThrows(IllegalArgumentException.class, b::build);
    }
}
