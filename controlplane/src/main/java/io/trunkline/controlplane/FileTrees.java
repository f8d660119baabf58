package io.trunkline.controlplane;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Removing a scratch directory with everything in it: what the lab, the benches and their tests do when they end; and
 * keeping a copy of one for a reader (a failed lab test's logs).
 */
public final class FileTrees {
    private FileTrees() {
    }

    /** Deletes {@code root} and everything below it, deepest first; nothing when it does not exist. */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Copies every regular file below {@code root} to the same place below {@code into} (sockets and pipes are left). */
    public static void copy(Path root, Path into) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                Path target = into.resolve(root.relativize(path));
                Files.createDirectories(target.getParent());
                Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
