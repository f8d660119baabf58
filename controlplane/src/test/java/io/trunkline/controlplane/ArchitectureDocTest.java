package io.trunkline.controlplane;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.controlplane.testing.DocsExamples;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** docs/architecture.md shows the module picture of its source, docs/architecture.txt, as it is: one picture, one truth. */
class ArchitectureDocTest {
    @Test
    void theModulePictureIsItsSourceFile() throws Exception {
        String picture = Files.readString(DocsExamples.DOCS.resolve("architecture.txt"));
        String page = Files.readString(DocsExamples.DOCS.resolve("architecture.md"));
        assertTrue(page.contains("```\n" + picture + "```\n"),
                "docs/architecture.md must hold docs/architecture.txt verbatim in a code block: copy the file into the page again");
    }
}
