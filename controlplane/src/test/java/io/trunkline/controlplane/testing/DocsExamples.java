package io.trunkline.controlplane.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The examples of the repository's docs, read from the files themselves so that a test breaks when a doc drifts. */
public final class DocsExamples {
    /** The repository's docs/ folder (the build passes the repository; a module's tests run one folder below it). */
    public static final Path DOCS = Path.of(System.getProperty("trunkline.repo", "..")).resolve("docs");

    private DocsExamples() {
    }

    /** The first {@code ```yaml} block after {@code heading} in {@code docs/<doc>}. */
    public static String yamlBlockAfter(String doc, String heading) throws IOException {
        String text = Files.readString(DOCS.resolve(doc));
        int at = text.indexOf(heading);
        if (at < 0) {
            throw new IllegalStateException("no heading \"" + heading + "\" in " + DOCS.resolve(doc));
        }
        int start = text.indexOf("```yaml\n", at) + "```yaml\n".length();
        return text.substring(start, text.indexOf("```", start));
    }
}
