package io.jenkins.plugins.githostcredentials.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.model.Descriptor;
import hudson.security.ACL;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.github_branch_source.GitHubAppCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * With github-branch-source installed, its documented configuration-as-code YAML ({@code gitHubApp:}) still creates
 * its credential, ours ({@code gitHubAppKey:}) creates ours, and an export of both imports again as the same kinds.
 * Our class was once named like theirs, and configuration as code resolved {@code gitHubApp} to ours.
 */
@WithJenkins
class BesideGitHubBranchSourceTest {

    @TempDir
    Path dir;

    private JenkinsRule r;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        r = rule;
    }

    /** GitHub Branch Source's own example (docs/github-app.adoc), next to ours. */
    private static String bothKinds() {
        String key = CredentialFixtures.APP_KEY_PEM.lines().collect(Collectors.joining("\n                "));
        return """
                credentials:
                  system:
                    domainCredentials:
                      - credentials:
                          - gitHubApp:
                              appID: "1234"
                              description: "GitHub app 1234"
                              id: "github-branch-source-app"
                              privateKey: |
                                %1$s
                          - gitHubAppKey:
                              id: "git-host-app"
                              appId: "5678"
                              privateKey: |
                                %1$s
                """.formatted(key);
    }

    private void apply(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "jenkins", ".yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        ConfigurationAsCode.get().configure(file.toString());
    }

    private static <C extends StandardCredentials> C find(String id, Class<C> type) {
        C found = CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItemGroup(type, jenkins.model.Jenkins.get(), ACL.SYSTEM2, List.of()),
                CredentialsMatchers.withId(id));
        assertNotNull(found, id + " is not a " + type.getName());
        return found;
    }

    private static void assertEachKindIsItsOwn() {
        GitHubAppCredentials theirs = find("github-branch-source-app", GitHubAppCredentials.class);
        assertEquals("1234", theirs.getAppID());
        GitHubAppKeyCredentials ours = find("git-host-app", GitHubAppKeyCredentials.class);
        assertEquals("5678", ours.getAppId());
        assertEquals(2, SystemCredentialsProvider.getInstance().getCredentials().size());
    }

    @Test
    void eachPluginsYamlCreatesItsOwnKind() throws Exception {
        apply(bothKinds());

        assertEachKindIsItsOwn();
    }

    @Test
    void anExportOfBothImportsAgainAsTheSameKinds() throws Exception {
        apply(bothKinds());
        String exported = CredentialFixtures.exportCredentials();
        assertTrue(exported.contains("gitHubApp:"), exported);
        assertTrue(exported.contains("gitHubAppKey:"), exported);
        assertFalse(exported.contains(CredentialFixtures.appKeyBody()), "a key is exported in clear text");

        SystemCredentialsProvider.getInstance().getDomainCredentialsMap().clear();
        SystemCredentialsProvider.getInstance().save();
        assertTrue(SystemCredentialsProvider.getInstance().getCredentials().isEmpty());
        apply("credentials:\n" + exported.lines().map(line -> "  " + line).collect(Collectors.joining("\n")) + "\n");

        assertEachKindIsItsOwn();
    }

    @Test
    void theTwoKindsHaveDifferentDisplayNames() {
        Descriptor<?> theirs = r.jenkins.getDescriptorOrDie(GitHubAppCredentials.class);
        Descriptor<?> ours = r.jenkins.getDescriptorOrDie(GitHubAppKeyCredentials.class);
        assertEquals("GitHub App", theirs.getDisplayName());
        assertNotEquals(theirs.getDisplayName(), ours.getDisplayName());
        assertTrue(ours.getDisplayName().contains("Git Host Credentials"), ours.getDisplayName());
    }
}
