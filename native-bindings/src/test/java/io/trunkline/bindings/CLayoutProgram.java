package io.trunkline.bindings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Compiles and runs one of the C layout programs in src/test/c against the installed headers and
 * parses what it prints: {@code <struct> sizeof <n>}, {@code <struct> <member.path> <offset> <size>}
 * and {@code const <NAME> <value>}.
 */
public record CLayoutProgram(Map<String, Long> sizes, Map<String, Map<String, long[]>> members, Map<String, Long> constants) {

    /** Compiles {@code src/test/c/<source>} with the given compiler flags and parses its output. */
    public static CLayoutProgram run(String source, List<String> cflags) throws IOException, InterruptedException {
        Path src = Path.of("src/test/c", source).toAbsolutePath();
        Path exe = Files.createTempFile("trunkline-layout-", "");
        try {
            List<String> compile = new ArrayList<>(List.of("gcc", "-Wall", "-Werror", "-o", exe.toString(), src.toString()));
            compile.addAll(cflags);
            String compiled = exec(compile);
            return parse(exec(List.of(exe.toString())), compiled);
        } finally {
            Files.deleteIfExists(exe);
        }
    }

    /** The flags of {@code pkg-config --cflags <package>}. */
    public static List<String> pkgConfigCflags(String pkg) throws IOException, InterruptedException {
        return List.of(exec(List.of("pkg-config", "--cflags", pkg)).trim().split("\\s+"));
    }

    private static CLayoutProgram parse(String output, String ignored) {
        Map<String, Long> sizes = new HashMap<>();
        Map<String, Map<String, long[]>> members = new HashMap<>();
        Map<String, Long> constants = new HashMap<>();
        for (String line : output.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[0].equals("const")) {
                constants.put(f[1], Long.parseUnsignedLong(f[2]));
            } else if (f.length == 3 && f[1].equals("sizeof")) {
                sizes.put(f[0], Long.parseLong(f[2]));
            } else if (f.length == 4) {
                members.computeIfAbsent(f[0], k -> new HashMap<>()).put(f[1], new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
            } else if (!line.isBlank()) {
                throw new IllegalStateException("unexpected line from the layout program: " + line);
            }
        }
        return new CLayoutProgram(sizes, members, constants);
    }

    private static String exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }
}
