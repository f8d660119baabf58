package io.trunkline.controlplane.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The in-process replay: net_pcap replays the scenario's capture forever into the forwarder's own
 * port. No second process needs a core, so it measures one core on its own; it makes every scenario.
 */
public record ReplayGenerator() implements Generator {
    @Override
    public String name() {
        return "replay";
    }

    @Override
    public boolean installed() {
        return true;
    }

    @Override
    public boolean supports(Scenario scenario) {
        return true;
    }

    @Override
    public String baselineVdev(Path capture, Path socket) {
        return Testpmd.replayVdev(capture);
    }

    @Override
    public List<String> dispatcherOptions(Path capture, Path socket) {
        return List.of("--capture", capture.toString());
    }

    @Override
    public Optional<Path> stoppedFile(Path work) {
        return Optional.empty();
    }

    @Override
    public Running start(Scenario scenario, Path capture, Path socket, Path work) {
        return () -> Generated.rates(new double[0]);
    }
}
