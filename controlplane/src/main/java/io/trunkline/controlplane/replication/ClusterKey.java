package io.trunkline.controlplane.replication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * A shared cluster key for batch HMACs and the id that names it on the wire, so keys can be rotated:
 * peers accept every configured key and sign with the active one.
 * <p>
 * The key file holds the raw key bytes (at least {@link #MIN_LENGTH}), e.g.
 * {@code head -c 32 /dev/urandom > cluster.key && chmod 600 cluster.key}; a file that its group or
 * other users can read or write is refused.
 */
public record ClusterKey(int keyId, byte[] secret) {
    /** HMAC-SHA256 keys shorter than the hash output weaken it (RFC 2104, section 3). */
    public static final int MIN_LENGTH = 32;
    /** Key ids are 16 bits on the wire. */
    public static final int MAX_KEY_ID = 0xFFFF;

    private static final Set<PosixFilePermission> TOO_OPEN = Set.of(
        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    public ClusterKey {
        if (keyId < 0 || keyId > MAX_KEY_ID) {
            throw new ReplicationConfigException("replication key id " + keyId + " is outside 0.." + MAX_KEY_ID);
        }
        if (secret == null || secret.length < MIN_LENGTH) {
            throw new ReplicationConfigException("replication key " + keyId + " has "
                + (secret == null ? 0 : secret.length) + " bytes; at least " + MIN_LENGTH + " are required");
        }
        secret = secret.clone();
    }

    /**
     * Reads a key file after checking its permissions.
     *
     * @throws ReplicationConfigException if the file is missing, unreadable, readable by group or others, or too short
     */
    public static ClusterKey load(Path file, int keyId) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new ReplicationConfigException("replication key file " + file + " does not exist or is not a regular file");
            }
            final Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            for (PosixFilePermission permission : TOO_OPEN) {
                if (permissions.contains(permission)) {
                    throw new ReplicationConfigException("replication key file " + file + " is accessible to group or others ("
                        + PosixFilePermissions.toString(permissions) + "); run: chmod 600 " + file);
                }
            }
            final byte[] secret = Files.readAllBytes(file);
            if (secret.length < MIN_LENGTH) {
                throw new ReplicationConfigException("replication key file " + file + " holds " + secret.length
                    + " bytes; at least " + MIN_LENGTH + " are required (head -c 32 /dev/urandom > " + file + ")");
            }
            return new ClusterKey(keyId, secret);
        } catch (IOException e) {
            throw new ReplicationConfigException("cannot read replication key file " + file + ": " + e, e);
        }
    }

    /**
     * Writes a fresh random key of {@link #MIN_LENGTH} bytes to {@code file}, readable by its owner only: what a
     * cluster that makes its own key (the lab, the replication bench, tests) gives every dispatcher.
     */
    public static Path writeNew(Path file) throws IOException {
        final byte[] secret = new byte[MIN_LENGTH];
        new SecureRandom().nextBytes(secret);
        Files.write(file, secret);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public String toString() {
        return "ClusterKey[keyId=" + keyId + ", secret=<" + secret.length + " bytes>]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterKey k && k.keyId == keyId && java.util.Arrays.equals(k.secret, secret);
    }

    @Override
    public int hashCode() {
        return keyId;
    }
}
