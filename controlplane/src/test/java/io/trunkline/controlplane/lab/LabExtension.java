package io.trunkline.controlplane.lab;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trunkline.controlplane.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The one lab a whole end-to-end test class runs in, registered as a static {@code @RegisterExtension} field: built
 * before the class's first test, taken down after its last, also when a test fails. A build that fails half way
 * removes what it built ({@link Lab#up}). The lab's files live in a temporary directory removed with it; its name
 * is the class's prefix and the test JVM's pid, so that two test JVMs never share a namespace. Root only: elsewhere
 * the class's tests are skipped.
 */
final class LabExtension implements BeforeAllCallback, AfterAllCallback, TestWatcher {
    /** Where a failed test's lab files (every process's log, the heartbeats, the counters) are kept for a reader. */
    private static final Path KEPT = Path.of("target", "lab-failures");

    private final String prefix;
    private final Function<String, LabPlan> plan;
    private Path root;
    private Lab lab;

    /**
     * @param prefix three letters that keep this class's namespaces apart from the other lab test classes'
     * @param plan   the class's lab, given its name; the extension sets its root
     */
    LabExtension(String prefix, Function<String, LabPlan> plan) {
        this.prefix = prefix;
        this.plan = plan;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: the lab creates network namespaces");
        root = Files.createTempDirectory("junit");
        String name = prefix + ProcessHandle.current().pid() % 100_000;
        lab = Lab.up(plan.apply(name).withRoot(root), LabExtension::log);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (lab != null) {
                lab.close();
            }
        } finally {
            if (root != null) {
                Lab.deleteRecursively(root);
            }
        }
    }

    Lab lab() {
        return lab;
    }

    LabPlan plan() {
        return lab.plan();
    }

    /**
     * For a failure message: what the heartbeats saw (did the machine pause, were processes starved of CPU) and what the
     * dispatchers counted (where packets went missing).
     */
    String diagnostics() {
        LabPauses pauses = lab.pauses();
        return pauses.summary() + "\n" + pauses.windows() + "\ndispatchers' counters:\n" + LabInspector.counters(lab);
    }

    /** Keeps the lab's files of a failed test, which the lab's removal would delete. */
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (lab == null) {
            return;
        }
        Path kept = KEPT.resolve(lab.plan().name() + "-" + context.getRequiredTestMethod().getName());
        try {
            FileTrees.copy(lab.plan().directory(), kept);
            log("the lab's files are kept in " + kept.toAbsolutePath());
        } catch (IOException e) {
            log("cannot keep the lab's files in " + kept + ": " + e.getMessage());
        }
    }

    static void log(String line) {
        System.out.println("lab: " + line);
    }
}
