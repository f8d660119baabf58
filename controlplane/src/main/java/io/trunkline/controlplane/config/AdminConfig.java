package io.trunkline.controlplane.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The admin API and what serves it.
 *
 * @param socket the Unix domain socket of the admin API (root-only permissions)
 * @param ssh    the SSH server of the admin shell
 */
public record AdminConfig(Path socket, SshConfig ssh) {
    public static final AdminConfig DEFAULT = new AdminConfig(Path.of("/run/trunkline/admin.sock"), SshConfig.DEFAULT);

    public AdminConfig {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(ssh, "ssh");
    }
}
