package io.trunkline.controlplane.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of every command that replays a capture on one core (picocli mixin). */
final class ReplayOptions {
    @Option(names = "--seconds", defaultValue = "5", description = "How long to forward (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--flows", defaultValue = "16384", description = "Distinct client flows in the capture (default ${DEFAULT-VALUE}).")
    int flows;

    @Option(names = "--frame-size", defaultValue = "64", description = "Frame size in bytes (default ${DEFAULT-VALUE}).")
    int frameSize;

    @Option(names = "--capture", description = "Replay this capture (of --flows frames of --frame-size, from `bench capture`) instead of a generated one.")
    Path capture;

    @Option(names = "--lcore", defaultValue = "0", description = "The core to forward on (default ${DEFAULT-VALUE}).")
    int lcore;

    /** The capture to replay, generated when none was given. */
    Path replay() {
        return ReplayRun.capture(capture, flows, frameSize);
    }
}
