package io.jenkins.plugins.githostcredentials.pipeline;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every field of the step and the binding has help, and the step's help teaches single-quoted shell strings. */
class PipelineHelpTest {

    private static final Map<Class<?>, List<String>> FIELDS = Map.of(
            WithGitHostCredentialsStep.class,
            List.of("credentialsId", "repositories", "permissions", "require", "tokenVariable", "usernameVariable"),
            GitHostTokenBinding.class, List.of("credentialsId", "tokenVariable", "usernameVariable"));

    @Test
    void everyFieldHasHelp() throws IOException {
        for (Map.Entry<Class<?>, List<String>> type : FIELDS.entrySet()) {
            assertNotNull(read(type.getKey(), "help.html"), type.getKey().getSimpleName() + " has no help.html");
            for (String field : type.getValue()) {
                assertNotNull(read(type.getKey(), "help-" + field + ".html"),
                        type.getKey().getSimpleName() + " has no help for " + field);
            }
        }
    }

    @Test
    void stepHelpShowsSingleQuotedShellStringsAndWarnsAgainstInterpolation() throws IOException {
        String help = read(WithGitHostCredentialsStep.class, "help.html");
        assertTrue(help.contains("sh 'git clone"), "examples use single-quoted shell strings");
        assertTrue(help.contains("Groovy string in double quotes"), "the help explains the interpolation risk");
        assertTrue(help.contains("withGitHostCredentials(credentialsId:"), help);
        assertTrue(read(GitHostTokenBinding.class, "help.html").contains("gitHostToken(credentialsId:"));
    }

    private static String read(Class<?> type, String name) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + "/" + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
