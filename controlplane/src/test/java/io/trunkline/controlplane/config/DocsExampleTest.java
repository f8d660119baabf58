package io.trunkline.controlplane.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trunkline.controlplane.testing.DocsExamples;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The examples of docs/config.md load, and are the ones the other tests use. */
class DocsExampleTest {
    private static final Path DOC = DocsExamples.DOCS.resolve("config.md");

    @Test
    void completeExampleIsTheFullTestConfig() throws Exception {
        assertEquals(ConfigLoader.parse("full", Configs.FULL), ConfigLoader.parse(DOC + " (complete example)",
                yamlBlockAfter("## Complete example")));
    }

    @Test
    void minimalExampleIsTheMinimalTestConfig() throws Exception {
        assertEquals(ConfigLoader.parse("minimal", Configs.MINIMAL), ConfigLoader.parse(DOC + " (minimal file)",
                yamlBlockAfter("## Minimal file")));
    }

    private static String yamlBlockAfter(String heading) throws Exception {
        return DocsExamples.yamlBlockAfter("config.md", heading);
    }
}
