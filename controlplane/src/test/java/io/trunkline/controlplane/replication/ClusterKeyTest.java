package io.trunkline.controlplane.replication;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterKeyTest {
    @TempDir
    Path directory;

    private Path keyFile(int length, String mode) throws Exception {
        final Path file = directory.resolve("cluster.key");
        Files.write(file, BatchAuthenticatorTest.filled(length, 0x5a));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void loadsAPrivateKeyFile() throws Exception {
        final ClusterKey key = ClusterKey.load(keyFile(32, "rw-------"), 4);
        assertEquals(4, key.keyId());
        assertArrayEquals(BatchAuthenticatorTest.filled(32, 0x5a), key.secret());
    }

    @Test
    void refusesAGroupOrWorldReadableKeyFile() throws Exception {
        final Path file = keyFile(32, "rw-r--r--");
        final ReplicationConfigException e = assertThrows(ReplicationConfigException.class, () -> ClusterKey.load(file, 1));
        assertTrue(e.getMessage().contains("accessible to group or others") && e.getMessage().contains("chmod 600"), e.getMessage());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertThrows(ReplicationConfigException.class, () -> ClusterKey.load(file, 1));
    }

    @Test
    void refusesAShortKey() throws Exception {
        final Path file = keyFile(31, "rw-------");
        final ReplicationConfigException e = assertThrows(ReplicationConfigException.class, () -> ClusterKey.load(file, 1));
        assertTrue(e.getMessage().contains("holds 31 bytes; at least 32"), e.getMessage());
    }

    @Test
    void refusesAMissingFile() {
        final ReplicationConfigException e = assertThrows(ReplicationConfigException.class,
            () -> ClusterKey.load(directory.resolve("absent.key"), 1));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void replicationWithoutAKeyRefusesToStart() {
        final ReplicationContext context = new ReplicationContext().self(new PeerEndpoint(1, "127.0.0.1", 40_001));
        final ReplicationConfigException e = assertThrows(ReplicationConfigException.class, context::conclude);
        assertTrue(e.getMessage().startsWith("no replication key configured: refusing to start replication"), e.getMessage());
    }
}
