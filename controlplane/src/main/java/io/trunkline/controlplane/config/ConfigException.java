package io.trunkline.controlplane.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration was refused. Carries every error found, not only the first; the message is
 * one line per error, ready for the operator.
 */
public final class ConfigException extends Exception {
    private final transient List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining(System.lineSeparator())));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a refused configuration has at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
