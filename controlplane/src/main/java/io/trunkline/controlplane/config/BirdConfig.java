package io.trunkline.controlplane.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The BIRD 2 daemon the dispatcher runs beside itself for BGP.
 *
 * @param binary  the {@code bird} executable: a name looked up on PATH, or an absolute path
 * @param socket  BIRD's control socket ({@code bird -s})
 * @param config  the configuration file the daemon writes for BIRD ({@code bird -c}); it may hold
 *                BGP passwords, so it is written readable by its owner only
 * @param pidFile BIRD's pid file ({@code bird -P})
 */
public record BirdConfig(Path binary, Path socket, Path config, Path pidFile) {
    public static final BirdConfig DEFAULT = new BirdConfig(Path.of("bird"), Path.of("/run/trunkline/bird.ctl"),
            Path.of("/run/trunkline/bird.conf"), Path.of("/run/trunkline/bird.pid"));

    public BirdConfig {
        Objects.requireNonNull(binary, "binary");
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(pidFile, "pidFile");
    }
}
