package io.trunkline.controlplane.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The embedded SSH server serving the admin shell: public keys only, no passwords.
 *
 * @param enabled        whether the SSH server runs at all
 * @param listen         its address and port
 * @param authorizedKeys the OpenSSH authorized_keys file of the operators
 * @param hostKey        the host key, generated on first start and kept
 */
public record SshConfig(boolean enabled, InetSocketAddress listen, Path authorizedKeys, Path hostKey) {
    public static final SshConfig DEFAULT = new SshConfig(true, new InetSocketAddress(Addresses.WILDCARD_V4, 2222),
            Path.of("/etc/trunkline/authorized_keys"), Path.of("/var/lib/trunkline/ssh_host_ecdsa_key"));

    public SshConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(authorizedKeys, "authorizedKeys");
        Objects.requireNonNull(hostKey, "hostKey");
    }
}
