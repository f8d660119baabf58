package io.trunkline.controlplane.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.common.cipher.ECCurves;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.util.GenericUtils;
import org.apache.sshd.common.util.io.resource.PathResource;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * The SSH server's host key: generated once, on the first start, and kept so that operators' clients
 * see the same fingerprint after every restart.
 *
 * <p>The key is ECDSA P-256 ({@code ecdsa-sha2-nistp256}), which every SSH client takes and the JDK signs
 * by itself. (MINA SSHD 2.20 handles Ed25519 only through net.i2p EdDSA, on the classpath for operators'
 * Ed25519 keys; a host key of that type would tie the server's identity to that provider.)
 * The file is an OpenSSH private key ({@code ssh-keygen -l -f FILE} prints its fingerprint), owner-only
 * (0600), written whole through a temporary file so a crash never leaves half a key. A key the server
 * cannot read, or one others can read, stops the start with a message: the server never silently
 * replaces a host key, since every client would then see a changed host.
 */
final class HostKey {
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private HostKey() {
    }

    /** The key at {@code file}, made and written there first when there is none. */
    static KeyPair loadOrCreate(Path file) throws IOException {
        try {
            return Files.exists(file) ? load(file) : create(file);
        } catch (GeneralSecurityException e) {
            throw new IOException("ssh host key " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code SHA256:...}, as {@code ssh-keygen -l} and an SSH client print it. */
    static String fingerprint(KeyPair key) {
        return KeyUtils.getFingerPrint(key.getPublic());
    }

    private static KeyPair load(Path file) throws IOException, GeneralSecurityException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new IOException("ssh host key " + file + " is readable or writable by others ("
                    + PosixFilePermissions.toString(permissions) + "); fix: chmod 600 " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyPair key = GenericUtils.head(SecurityUtils.loadKeyPairIdentities(null, new PathResource(file), in, null));
            if (key == null) {
                throw new IOException("ssh host key " + file + " holds no private key");
            }
            return key;
        }
    }

    private static KeyPair create(Path file) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = SecurityUtils.getKeyPairGenerator(KeyUtils.EC_ALGORITHM);
        generator.initialize(ECCurves.nistp256.getParameters());
        KeyPair key = generator.generateKeyPair();
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, file.getFileName() + ".", ".partial",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "trunkline host key", (OpenSSHKeyEncryptionContext) null, out);
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return key;
    }
}
