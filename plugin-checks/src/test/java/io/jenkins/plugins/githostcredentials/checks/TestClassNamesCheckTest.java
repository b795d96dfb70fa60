package io.jenkins.plugins.githostcredentials.checks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Surefire runs classes named {@code Test*}, {@code *Test}, {@code *Tests} and {@code *TestCase}: a helper named so is
 * run as a test (and fails for want of tests), and a test class named otherwise never runs.
 */
class TestClassNamesCheckTest {

    private static final Pattern SUREFIRE_NAME = Pattern.compile("Test\\w*|\\w*Test|\\w*Tests|\\w*TestCase");
    private static final Pattern TEST_ANNOTATION = Pattern.compile("@(?:Test|ParameterizedTest|RepeatedTest|TestFactory)\\b");

    static boolean runBySurefire(String simpleName) {
        return SUREFIRE_NAME.matcher(simpleName).matches();
    }

    @Test
    void helpersAreNotNamedLikeTestsAndTestsAre() {
        List<Path> sources = PluginTree.files(PluginTree.TEST_JAVA, ".java");
        assertFalse(sources.isEmpty(), "no test sources found");
        List<String> violations = new ArrayList<>();
        for (Path source : sources) {
            String simpleName = source.getFileName().toString().replaceAll("\\.java$", "");
            boolean hasTests = TEST_ANNOTATION.matcher(PluginTree.read(source)).find();
            if (runBySurefire(simpleName) && !hasTests) {
                violations.add(PluginTree.name(source) + " has no tests but Surefire runs it as a test class: rename it "
                        + "(for example " + simpleName.replace("Test", "") + "Fixtures)");
            } else if (!runBySurefire(simpleName) && hasTests) {
                violations.add(PluginTree.name(source) + " has tests that never run: end its name with Test");
            }
        }
        assertTrue(violations.isEmpty(), PluginTree.report("Test class names Surefire misreads", violations));
    }

    @Test
    void surefirePatternsAreTheDocumentedOnes() {
        assertTrue(runBySurefire("TestCredentials"));
        assertTrue(runBySurefire("VerifyTest"));
        assertTrue(runBySurefire("CredentialTests"));
        assertTrue(runBySurefire("CredentialTestCase"));
        assertFalse(runBySurefire("CredentialFixtures"));
        assertFalse(runBySurefire("PipelineTestSupport"));
    }
}
