package io.trunkline.fastpath.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    @Test
    void refusesTwoVipsOnOneProtocolAddressAndPort() {
        ForwardingTable.Builder b = ForwardingTable.builder()
                .vip(new ForwardingTable.Vip(0, "a", Headers.PROTOCOL_TCP, 0, 1, 80, ForwardingMode.DSR))
                .vip(new ForwardingTable.Vip(1, "b", Headers.PROTOCOL_TCP, 0, 1, 80, ForwardingMode.NAT));
        assertThrows(IllegalArgumentException.class, b::build);
    }
}
