package io.trunkline.bindings.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trunkline.bindings.CLayoutProgram;
import io.trunkline.bindings.LayoutConformance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Java view of DPDK's structs and constants against the installed DPDK headers. */
class DpdkLayoutConformanceTest {
    private static CLayoutProgram c;

    @BeforeAll
    static void compileLayoutProgram() throws Exception {
        c = CLayoutProgram.run("dpdk_layout.c", CLayoutProgram.pkgConfigCflags("libdpdk"));
    }

    @Test
    void everyStructMatchesTheHeaders() {
        DpdkLayouts.ALL.forEach((name, layout) -> LayoutConformance.assertMatches(c, name, layout));
        assertEquals(c.sizes().size() - 1, DpdkLayouts.ALL.size(), "every struct the C program prints has a Java layout");
    }

    @Test
    void linkFlagsAreTheBitsTheHeadersUse() {
        LayoutConformance.assertMatches(c, "rte_eth_link", DpdkLayouts.RTE_ETH_LINK);
        var bits = c.members().get("rte_eth_link");
        assertEquals(bits.get("bit.link_duplex")[0], DpdkLayouts.LINK_DUPLEX_BIT);
        assertEquals(bits.get("bit.link_autoneg")[0], DpdkLayouts.LINK_AUTONEG_BIT);
        assertEquals(bits.get("bit.link_status")[0], DpdkLayouts.LINK_STATUS_BIT);
    }

    @Test
    void constantsMatchTheHeaders() throws Exception {
        LayoutConformance.assertConstants(c, DpdkConstants.class);
    }
}
