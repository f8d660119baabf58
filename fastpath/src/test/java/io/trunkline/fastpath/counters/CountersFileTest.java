package io.trunkline.fastpath.counters;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CountersFileTest {
    private static final CounterLayout LAYOUT = new CounterLayout(2, 3, 4, List.of("TRUNCATED_L2", "NO_VIP"));

    @TempDir
    Path directory;

    @Test
    void layoutGivesEveryCounterAnIdAndALabel() {
        assertEquals(12 + 2 * 4 + 3 * 2 + 4 * 2 + 2 + 12, LAYOUT.count());
        assertEquals("flow_cache_hit", LAYOUT.label(CounterLayout.FLOW_CACHE_HIT));
        assertEquals("rx_packets{port=0}", LAYOUT.label(LAYOUT.rxPackets(0)));
        assertEquals("tx_bytes{port=1}", LAYOUT.label(LAYOUT.txBytes(1)));
        assertEquals("vip_bytes{vip=2}", LAYOUT.label(LAYOUT.vipBytes(2)));
        assertEquals("backend_packets{backend=3}", LAYOUT.label(LAYOUT.backendPackets(3)));
        assertEquals("drops{reason=NO_VIP}", LAYOUT.label(LAYOUT.drops(1)));
        assertEquals(CounterLayout.TYPE_DROP, LAYOUT.typeId(LAYOUT.drops(0)));
        assertEquals(CounterLayout.TYPE_VIP, LAYOUT.typeId(LAYOUT.vipPackets(0)));
        assertEquals("bfd_session_up", LAYOUT.label(LAYOUT.host(CounterLayout.BFD_SESSION_UP)));
        assertEquals(CounterLayout.TYPE_HOST, LAYOUT.typeId(LAYOUT.host(CounterLayout.ARP_REPLIES)));
        assertEquals(LAYOUT.count() - 1, LAYOUT.host(CounterLayout.NEIGHBOUR_REQUESTS_FAILED));
    }

    @Test
    void workerRegionsStartOnTheirOwnCacheLinePairs() {
        assertEquals(128, CountersDescriptor.workerStride(16));
        assertEquals(256, CountersDescriptor.workerStride(17));
    }

    @Test
    void burstCountersReachTheFileAtFlushSummedPerCounter() {
        Path path = directory.resolve("trunkline-test-burst-counters");
        try (CountersFile file = CountersFile.create(path, LAYOUT, 1);
             CountersReader reader = CountersReader.open(path)) {
            WorkerCounters counters = file.worker(0);
            BurstCounters burst = new BurstCounters(counters, 8);
            burst.addPacket(LAYOUT.vipPackets(2), 60);
            burst.addPacket(LAYOUT.backendPackets(3), 60);
            burst.addPacket(LAYOUT.vipPackets(2), 1500);

            assertEquals(0, counters.get(LAYOUT.vipPackets(2)), "nothing before the flush");
            burst.flush();
            burst.addPacket(LAYOUT.vipPackets(2), 100);
            burst.flush();
            burst.flush();

            assertEquals(3, reader.total(LAYOUT.vipPackets(2)));
            assertEquals(1660, reader.total(LAYOUT.vipBytes(2)));
            assertEquals(1, reader.total(LAYOUT.backendPackets(3)));
            assertEquals(60, reader.total(LAYOUT.backendBytes(3)));
        }
    }

    @Test
    void secondMappingSeesEachWorkersCountersAndTheirSums() {
        Path path = directory.resolve("trunkline-test-counters");
        try (CountersFile file = CountersFile.create(path, LAYOUT, 2);
             CountersReader reader = CountersReader.open(path)) {
            WorkerCounters first = file.worker(0);
            WorkerCounters second = file.worker(1);
            first.addPacket(LAYOUT.rxPackets(1), 1500);
            second.addPacket(LAYOUT.rxPackets(1), 60);
            second.increment(LAYOUT.drops(0));
            first.increment(CounterLayout.SESSIONS_NEW);

            assertEquals(2, reader.workers());
            assertEquals(LAYOUT.count(), reader.counterCount());
            assertEquals(2, reader.total(reader.find("rx_packets{port=1}")));
            assertEquals(1560, reader.total(reader.find("rx_bytes{port=1}")));
            assertEquals(60, reader.value(1, LAYOUT.rxBytes(1)));
            assertEquals(1, reader.total(reader.find("drops{reason=TRUNCATED_L2}")));
            assertEquals(1, reader.total(CounterLayout.SESSIONS_NEW));
            assertEquals(0, reader.total(LAYOUT.txPackets(0)));
            assertEquals(CounterLayout.TYPE_PORT, reader.typeId(LAYOUT.rxBytes(1)));
            assertEquals(-1, reader.find("nonexistent"));
            assertEquals(1500, first.get(LAYOUT.rxBytes(1)));
        }
    }

    @Test
    void statPrintsLabelEqualsValue() {
        Path path = directory.resolve("stat-counters");
        try (CountersFile file = CountersFile.create(path, LAYOUT, 2);
             CountersReader reader = CountersReader.open(path)) {
            file.worker(0).add(LAYOUT.vipPackets(2), 5);
            file.worker(1).add(LAYOUT.vipPackets(2), 7);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CountersStat.print(reader, true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();

            assertTrue(lines.contains("vip_packets{vip=2}=12"), lines.toString());
            assertTrue(lines.contains("vip_packets{vip=2}[worker=1]=7"), lines.toString());
            assertEquals(LAYOUT.count() * 3, lines.size());
        }
    }

    @Test
    void anotherJvmReadsTheCountersWhileTheFileIsMapped() throws IOException, InterruptedException {
        Path path = directory.resolve("cross-process-counters");
        try (CountersFile file = CountersFile.create(path, LAYOUT, 2)) {
            file.worker(0).addPacket(LAYOUT.backendPackets(3), 9000);
            file.worker(1).addPacket(LAYOUT.backendPackets(3), 1000);
            file.worker(1).add(CounterLayout.FLOW_CACHE_HIT, 41);

            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(CountersStat.class.getName());
            command.add(path.toString());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "reader process did not finish");

            assertEquals(0, process.exitValue(), output);
            List<String> lines = output.lines().toList();
            assertTrue(lines.contains("backend_packets{backend=3}=2"), output);
            assertTrue(lines.contains("backend_bytes{backend=3}=10000"), output);
            assertTrue(lines.contains("flow_cache_hit=41"), output);
        }
    }

    @Test
    void recreatingReplacesTheFileAndOldMappingsKeepTheirOwn() {
        Path path = directory.resolve("recreated-counters");
        try (CountersFile old = CountersFile.create(path, LAYOUT, 1);
             CountersReader oldReader = CountersReader.open(path)) {
            old.worker(0).add(CounterLayout.SESSIONS_CLOSED, 3);
            try (CountersFile fresh = CountersFile.create(path, LAYOUT, 1);
                 CountersReader freshReader = CountersReader.open(path)) {
                assertEquals(0, freshReader.total(CounterLayout.SESSIONS_CLOSED));
                assertEquals(3, oldReader.total(CounterLayout.SESSIONS_CLOSED));
                assertEquals(1, fresh.workers());
            }
        }
    }

    @Test
    void readerRefusesAFileWithoutHeader() throws IOException {
        Path path = directory.resolve("not-counters");
        Files.write(path, new byte[4096]);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CountersReader.open(path));
        assertTrue(e.getMessage().contains("no counters header"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CounterLayout(1, 1, 1, List.of()).label(99));
    }
}
