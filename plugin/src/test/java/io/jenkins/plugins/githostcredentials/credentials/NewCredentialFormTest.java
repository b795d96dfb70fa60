package io.jenkins.plugins.githostcredentials.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Descriptor;
import hudson.model.Descriptor.FormException;
import hudson.util.Secret;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A brand-new credential form, as the browser sees it: opening it runs every field check with an empty value, and
 * none may show an error or a warning before the admin has typed anything. Required values are asked for on save.
 */
@WithJenkins
class NewCredentialFormTest {

    private JenkinsRule r;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        r = rule;
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ).everywhere().to("reader"));
    }

    private static List<Descriptor<?>> ourKinds() {
        List<Descriptor<?>> kinds = new ArrayList<>();
        for (Descriptor<?> d : Jenkins.get().getExtensionList(Descriptor.class)) {
            if (d instanceof AbstractGitHostCredentials.GitHostCredentialsDescriptor) {
                kinds.add(d);
            }
        }
        assertEquals(8, kinds.size(), "every credential kind of this plugin: " + kinds);
        return kinds;
    }

    private static List<String> checkMethods(Descriptor<?> descriptor) {
        List<String> names = new ArrayList<>();
        for (Method m : descriptor.getClass().getMethods()) {
            if (m.getName().startsWith("doCheck") && Modifier.isPublic(m.getModifiers())) {
                names.add("check" + m.getName().substring("doCheck".length()));
            }
        }
        assertFalse(names.isEmpty(), descriptor.getId() + " has no field checks");
        return names;
    }

    /** What the form's JavaScript does for each field when the page opens. */
    private String check(JenkinsRule.WebClient wc, Descriptor<?> descriptor, String method) throws Exception {
        URL url = wc.createCrumbedUrl("descriptorByName/" + descriptor.getId() + "/" + method);
        WebRequest request = new WebRequest(url, HttpMethod.POST);
        request.setRequestParameters(new ArrayList<>(List.of(new NameValuePair("value", ""))));
        return wc.getPage(request).getWebResponse().getContentAsString();
    }

    @Test
    void anEmptyNewFormShowsNoErrorForAnyKind() throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient().login("admin");
        for (Descriptor<?> kind : ourKinds()) {
            for (String method : checkMethods(kind)) {
                String answer = check(wc, kind, method);
                assertFalse(answer.contains("error") || answer.contains("warning"),
                        kind.getDisplayName() + " " + method + " with an empty field answered: " + answer);
            }
        }
    }

    @Test
    void aUserWithoutManageGetsAnEmptyAnswerFromEveryCheck() throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient().login("reader");
        Descriptor<?> app = r.jenkins.getDescriptorByType(GitHubAppKeyCredentials.DescriptorImpl.class);
        URL url = wc.createCrumbedUrl("descriptorByName/" + app.getId() + "/checkPrivateKey");
        WebRequest request = new WebRequest(url, HttpMethod.POST);
        request.setRequestParameters(new ArrayList<>(List.of(new NameValuePair("value", "not a key"))));
        String answer = wc.getPage(request).getWebResponse().getContentAsString();
        assertFalse(answer.contains("error"), answer);
        assertFalse(answer.contains("Key OK"), answer);
    }

    @Test
    void savingWithoutRequiredValuesSaysWhatToEnter() {
        FormException noToken = assertThrows(FormException.class,
                () -> new GitLabTokenCredentials(null, "x", null, null, Secret.fromString("")));
        assertEquals("token", noToken.getFormField());
        assertEquals("Paste the token.", noToken.getMessage());

        FormException noOrganisation = assertThrows(FormException.class, () -> new AzureDevOpsTokenCredentials(
                null, "x", null, null, Secret.fromString(CredentialFixtures.AZURE_TOKEN)));
        assertEquals("serverUrl", noOrganisation.getFormField());
        assertTrue(noOrganisation.getMessage().contains("needs the server URL"), noOrganisation.getMessage());
        assertFalse(noOrganisation.getMessage().contains("'null'"), noOrganisation.getMessage());

        FormException noAppId = assertThrows(FormException.class, () -> new GitHubAppKeyCredentials(
                null, "x", null, "", Secret.fromString(CredentialFixtures.APP_KEY_PEM), null));
        assertEquals("appId", noAppId.getFormField());
        FormException noKey = assertThrows(FormException.class, () -> new GitHubAppKeyCredentials(
                null, "x", null, "123456", Secret.fromString(""), null));
        assertEquals("privateKey", noKey.getFormField());
        assertTrue(noKey.getMessage().contains("The private key is empty"), noKey.getMessage());
    }

    @Test
    void theAppKindIsToldApartFromGitHubBranchSourcesInTheKindList() throws Exception {
        String ours = r.jenkins.getDescriptorByType(GitHubAppKeyCredentials.DescriptorImpl.class).getDisplayName();
        assertEquals("GitHub App key (Git Host Credentials)", ours);
        JenkinsRule.WebClient wc = r.createWebClient().login("admin");
        String form = wc.goTo("descriptorByName/" + GitHubAppKeyCredentials.class.getName() + "/help")
                .getWebResponse().getContentAsString();
        assertTrue(form.contains("GitHub Branch Source"), form);
    }
}
