package io.jenkins.plugins.githostcredentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jenkins.model.Jenkins;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The revocation delay in Manage Jenkins &gt; System and in configuration as code. */
@WithJenkins
class GitHubAppTokenSettingsTest {

    @TempDir
    Path dir;

    private JenkinsRule r;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        r = rule;
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ).everywhere().to("reader"));
    }

    @Test
    void theDefaultIsThirtySecondsAndReachesTheTokenCache() {
        GitHubAppTokenSettings settings = GitHubAppTokenSettings.get();
        assertEquals(30, settings.getRevocationDelaySeconds());
        assertEquals(Duration.ofSeconds(30), settings.cacheSettings().linger());

        settings.setRevocationDelaySeconds(0);
        assertEquals(Duration.ZERO, settings.cacheSettings().linger());
        assertThrows(IllegalArgumentException.class, () -> settings.setRevocationDelaySeconds(601));
        assertThrows(IllegalArgumentException.class, () -> settings.setRevocationDelaySeconds(-1));
        assertEquals(0, settings.getRevocationDelaySeconds(), "a refused value is not kept");
    }

    @Test
    void theSystemPageShowsTheSettingAndKeepsItOnSave() throws Exception {
        GitHubAppTokenSettings.get().setRevocationDelaySeconds(45);
        JenkinsRule.WebClient admin = r.createWebClient().login("admin");
        HtmlPage page = admin.goTo("manage/configure");
        assertTrue(page.asNormalizedText().contains("GitHub App tokens (Git Host Credentials)"), page.asNormalizedText());

        r.submit(page.getFormByName("config"));

        assertEquals(45, GitHubAppTokenSettings.get().getRevocationDelaySeconds());
        JenkinsRule.WebClient reader = r.createWebClient().withThrowExceptionOnFailingStatusCode(false).login("reader");
        assertEquals(403, reader.goTo("manage/configure").getWebResponse().getStatusCode());
    }

    @Test
    void theFieldCheckSaysWhatIsAllowed() {
        GitHubAppTokenSettings settings = GitHubAppTokenSettings.get();
        try (ACLContext reader = ACL.as2(User.getById("reader", true).impersonate2())) {
            assertSame(FormValidation.ok(), settings.doCheckRevocationDelaySeconds("ten"), "a reader learns nothing");
        }
        try (ACLContext admin = ACL.as2(User.getById("admin", true).impersonate2())) {
            assertFieldCheck(settings);
        }
    }

    private static void assertFieldCheck(GitHubAppTokenSettings settings) {
        assertEquals(FormValidation.Kind.OK, settings.doCheckRevocationDelaySeconds("30").kind);
        assertEquals(FormValidation.Kind.ERROR, settings.doCheckRevocationDelaySeconds("ten").kind);
        FormValidation tooLong = settings.doCheckRevocationDelaySeconds("900");
        assertEquals(FormValidation.Kind.ERROR, tooLong.kind);
        assertTrue(tooLong.getMessage().contains("10 minutes"), tooLong.getMessage());
    }

    @Test
    void configurationAsCodeSetsAndExportsIt() throws Exception {
        Path file = dir.resolve("jenkins.yaml");
        Files.writeString(file, "unclassified:\n  gitHubAppTokens:\n    revocationDelaySeconds: 12\n",
                StandardCharsets.UTF_8);

        ConfigurationAsCode.get().configure(file.toString());

        assertEquals(12, GitHubAppTokenSettings.get().getRevocationDelaySeconds());
        String exported = ConfigurationAsCodeExport.section("unclassified");
        assertTrue(exported.contains("gitHubAppTokens:"), exported);
        assertTrue(exported.contains("revocationDelaySeconds: 12"), exported);
    }
}
