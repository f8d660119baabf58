package io.trunkline.controlplane.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.controlplane.config.Addresses;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** BIRD's replies as captured from BIRD 2.0.12's control socket (birdc shows the same text without codes). */
class BirdReplyTest {
    private static final String SHOW_PROTOCOLS_ALL = """
            2002-Name       Proto      Table      State  Since         Info
            1002-device1    Device     ---        up     23:35:27.405 \s
            1002-trunkline_vips4 Static     master4    up     23:35:27.405 \s
            1006-  Channel ipv4
                 State:          UP
                 Table:          master4
                 Preference:     200
                 Input filter:   ACCEPT
                 Output filter:  REJECT
                 Routes:         1 imported, 0 exported, 1 preferred
            \s
            1002-router_198_18_0_1 BGP        ---        up     23:35:31.449  Established  \s
            1006-  Description:    198.18.0.1 AS 64500 on data0
               BGP state:          Established
                 Neighbor address: 198.18.0.1
                 Neighbor AS:      64500
                 Local AS:         64512
                 Neighbor ID:      198.18.0.1
               Channel ipv4
                 State:          UP
                 Table:          master4
                 Routes:         0 imported, 1 exported, 0 preferred
               Channel ipv6
                 State:          UP
                 Table:          master6
                 Routes:         0 imported, 1 exported, 0 preferred
            \s
            1002-router_2001_2__1 BGP        ---        start  23:35:09.598  Active        Socket: Connection refused
            1006-  BGP state:          Active
                 Neighbor address: 2001:2::1
                 Neighbor AS:      64501
                 Local AS:         64512
                 Connect delay:    0.632/1
                 Last error:       Socket: Connection refused
            \s
            0000\s
            """;

    @Test
    void bgpSessionsAreReadFromShowProtocolsAll() throws Exception {
        List<BgpSession> sessions = BgpSession.parse(BirdReply.parse(SHOW_PROTOCOLS_ALL));

        assertEquals(List.of(
                new BgpSession("router_198_18_0_1", Optional.of(Addresses.parse("198.18.0.1")), "Established", 2),
                new BgpSession("router_2001_2__1", Optional.of(Addresses.parse("2001:2::1")), "Active", 0)), sessions);
        assertTrue(sessions.get(0).established());
        assertFalse(sessions.get(1).established());
    }

    @Test
    void codesContinuationsAndTheFinalLine() throws Exception {
        BirdReply reply = BirdReply.parse("0002-Reading configuration from /run/trunkline/bird.conf\n0003 Reconfigured\n");

        assertEquals(3, reply.code());
        assertFalse(reply.isError());
        assertEquals(List.of("Reading configuration from /run/trunkline/bird.conf"), reply.texts(2));
        assertEquals("Reading configuration from /run/trunkline/bird.conf; Reconfigured", reply.summary());
    }

    @Test
    void continuationLinesKeepTheCodeOfTheLineBefore() throws Exception {
        BirdReply reply = BirdReply.parse("1007-0 of 0 routes for 0 networks in table master4\n"
                + " 0 of 0 routes for 0 networks in table master6\n0014 Total: 0 of 0 routes for 0 networks in 2 tables\n");

        assertEquals(List.of("0 of 0 routes for 0 networks in table master4", "0 of 0 routes for 0 networks in table master6"),
                reply.texts(1007));
    }

    @Test
    void errorsAreErrorsAndSpontaneousLinesAreSkipped() throws Exception {
        BirdReply reply = BirdReply.parse("+0009 something happened\n8002 /run/trunkline/bird.conf:3:5 syntax error\n");

        assertTrue(reply.isError());
        assertEquals("/run/trunkline/bird.conf:3:5 syntax error", reply.summary());
        assertTrue(BirdReply.parse("9001 syntax error, unexpected CF_SYM_UNDEFINED\n").isError());
    }

    @Test
    void malformedRepliesAreOneLineErrors() {
        assertEquals("not a BIRD reply line: hello",
                assertThrows(BirdException.class, () -> BirdReply.parse("hello\n")).getMessage());
        assertEquals("BIRD reply starts with a continuation line: orphan",
                assertThrows(BirdException.class, () -> BirdReply.parse(" orphan\n0000 \n")).getMessage());
        assertEquals("BIRD reply ended without a final line",
                assertThrows(BirdException.class, () -> BirdReply.parse("0011-vips: enabled\n")).getMessage());
        assertEquals("not a BIRD reply line: 12a4 x",
                assertThrows(BirdException.class, () -> BirdReply.parse("12a4 x\n")).getMessage());
    }

    @Test
    void unexpectedDetailLinesDoNotFailTheReport() throws Exception {
        List<BgpSession> sessions = BgpSession.parse(BirdReply.parse("""
                1002-peer BGP --- up 10:00:00 Established
                1006-  Something new in a later BIRD: 42
                     Routes:         99999999999999999999 imported, 1 exported
                     Neighbor address: not-an-address
                0000\s
                """));

        assertEquals(List.of(new BgpSession("peer", Optional.empty(), "Established", 0)), sessions);
    }
}
