package io.trunkline.bindings;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Loads a shim shipped inside this jar ({@code /native/linux-x86_64/lib<name>.so}) and binds C
 * functions from it. A shim links its C library, so the lookup finds both the shim's functions and
 * the library's own exported ones.
 */
public final class NativeLibraries {
    private static final String RESOURCE_DIR = "/native/linux-x86_64/";
    private static final Linker LINKER = Linker.nativeLinker();

    private NativeLibraries() {
    }

    /**
     * Extracts and loads the shim, turning a missing system library into a {@link SetupException}.
     *
     * @param shim    file name in the jar, e.g. {@code libtrunkline_dpdk.so}
     * @param library what the operator knows the library as, e.g. "DPDK"
     * @param packages the Debian packages that provide it
     */
    public static SymbolLookup load(String shim, String library, String packages) {
        checkNativeAccess();
        Path file = extract(shim);
        try {
            System.load(file.toString());
        } catch (UnsatisfiedLinkError e) {
            throw new SetupException(library + " runtime libraries cannot be loaded: " + firstLine(e.getMessage()),
                    "run scripts/bootstrap as root (apt-get install " + packages + ")", e);
        }
        return SymbolLookup.loaderLookup();
    }

    /**
     * A downcall handle to {@code name}. With {@code Linker.Option.critical(true)} the call makes no
     * thread-state transition, so it must not block and must not call back into Java.
     */
    public static MethodHandle downcall(SymbolLookup lookup, String name, FunctionDescriptor descriptor, Linker.Option... options) {
        var symbol = lookup.find(name).orElseThrow(() -> new SetupException(
                "native symbol " + name + " not found", "rebuild with make build; the shim and the installed library disagree"));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    /** Turns a throwable from MethodHandle.invokeExact into an unchecked one (the handles throw nothing else). */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    private static void checkNativeAccess() {
        Module module = NativeLibraries.class.getModule();
        if (!module.isNativeAccessEnabled()) {
            throw new SetupException("native access is not enabled for the Trunkline bindings",
                    "start the JVM with --enable-native-access=ALL-UNNAMED (bin/trunkline does)");
        }
    }

    private static Path extract(String shim) {
        try (InputStream in = NativeLibraries.class.getResourceAsStream(RESOURCE_DIR + shim)) {
            if (in == null) {
                throw new SetupException("the native shim " + shim + " is not in the native-bindings jar",
                        "rebuild with make build (it compiles the shim with gcc and pkg-config)");
            }
            Path dir = Files.createTempDirectory("trunkline-native-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path file = dir.resolve(shim);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new SetupException("cannot extract the native shim " + shim + ": " + e.getMessage(),
                    "make the temporary directory (java.io.tmpdir) writable", e);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
