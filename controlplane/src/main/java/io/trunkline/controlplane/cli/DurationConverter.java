package io.trunkline.controlplane.cli;

import io.trunkline.controlplane.config.Units;
import java.time.Duration;
import picocli.CommandLine;

/** Durations on the command line as in the configuration file: {@code 2s}, {@code 500ms}, {@code 1m30s}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Units.parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage() + ", got \"" + value + "\"");
        }
    }
}
