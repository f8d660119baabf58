package io.trunkline.controlplane.config;

/**
 * One broken rule, where it is: {@code trunkline.yaml:14:17: vips[0].port: must be 1..65535, got 70000}.
 *
 * @param source  the file name as the operator gave it
 * @param line    1-based line, 0 when the error has no position (an unreadable file, a runtime change)
 * @param column  1-based column, 0 when the error has no position
 * @param path    the key path, {@code vips[0].port}; empty for the file as a whole
 * @param message the rule broken, with the offending value
 */
public record ConfigError(String source, int line, int column, String path, String message) {
    @Override
    public String toString() {
        String where = line > 0 ? source + ":" + line + ":" + column : source;
        return path.isEmpty() ? where + ": " + message : where + ": " + path + ": " + message;
    }
}
