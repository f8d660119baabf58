package io.trunkline.store;

import java.nio.file.Path;

/**
 * The second process of {@link SessionTableTwoProcessTest}: opens the table the test created, writes
 * {@code count} sessions, prints {@code WROTE}, then waits for the test's marker session, prints {@code SAW}
 * and exits 0 (exit 2 if the marker never came).
 */
public final class SessionWriterMain {
    static final int MARKER_PORT = 65535;

    private SessionWriterMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path file = Path.of(args[0]);
        long capacity = Long.parseLong(args[1]);
        int count = Integer.parseInt(args[2]);
        try (SessionTable table = SessionTable.open(new SessionTableConfig(file, capacity))) {
            FlowKey key = new FlowKey();
            SessionEntry value = new SessionEntry().state(SessionState.ESTABLISHED).originId(2);
            for (int port = 0; port < count; port++) {
                table.put(SessionTableTwoProcessTest.childKey(key, port), value.backendId(port).version(port));
            }
            System.out.println("WROTE");
            System.out.flush();
            SessionEntry marker = new SessionEntry();
            for (int attempt = 0; attempt < 3_000; attempt++) {
                if (table.get(SessionTableTwoProcessTest.parentKey(key), marker)) {
                    System.out.println("SAW " + marker.backendId());
                    return;
                }
                Thread.sleep(10);
            }
        }
        System.exit(2);
    }
}
