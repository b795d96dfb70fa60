package io.jenkins.plugins.githostcredentials.core.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.githostcredentials.core.host.HostCatalog;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import org.junit.jupiter.api.Test;

/** Where the manifest form is POSTed, for github.com, organizations, GitHub Enterprise Server and ghe.com. */
class ManifestRegistrationUrlTest {

    private static final String STATE = "k3J_9-aZ";

    @Test
    void personalAccountOnGitHubCom() {
        HostEndpoint github = HostCatalog.resolve(HostKind.GITHUB, "");
        assertEquals("https://github.com/settings/apps/new?state=k3J_9-aZ",
                AppManifest.registrationUrl(github, null, STATE));
        assertEquals("https://github.com/settings/apps/new?state=k3J_9-aZ",
                AppManifest.registrationUrl(github, "  ", STATE));
    }

    @Test
    void organizationOnGitHubCom() {
        HostEndpoint github = HostCatalog.resolve(HostKind.GITHUB, "https://api.github.com");
        assertEquals("https://github.com/organizations/acme-corp/settings/apps/new?state=k3J_9-aZ",
                AppManifest.registrationUrl(github, " acme-corp ", STATE));
    }

    @Test
    void enterpriseServerFromItsApiUrl() {
        HostEndpoint ghes = HostCatalog.resolve(HostKind.GITHUB_ENTERPRISE, "https://github.example.com/api/v3");
        assertEquals("https://github.example.com/settings/apps/new?state=k3J_9-aZ",
                AppManifest.registrationUrl(ghes, null, STATE));
        assertEquals("https://github.example.com/organizations/platform/settings/apps/new?state=k3J_9-aZ",
                AppManifest.registrationUrl(ghes, "platform", STATE));
    }

    @Test
    void enterpriseServerWithPortAndCloudWithDataResidency() {
        HostEndpoint ghes = HostCatalog.resolve(HostKind.GITHUB_ENTERPRISE, "https://git.example.com:8443/acme/api");
        assertEquals("https://git.example.com:8443/settings/apps/new?state=k3J_9-aZ",
                AppManifest.registrationUrl(ghes, null, STATE));
        HostEndpoint ghe = HostCatalog.resolve(HostKind.GITHUB_ENTERPRISE, "https://api.octo.ghe.com");
        assertEquals("https://octo.ghe.com/organizations/acme/settings/apps/new?state=k3J_9-aZ",
                AppManifest.registrationUrl(ghe, "acme", STATE));
    }

    @Test
    void aTargetNamesItsHostAndOrganization() {
        ManifestTarget target = new ManifestTarget(
                HostCatalog.resolve(HostKind.GITHUB_ENTERPRISE, "github.example.com"), "platform", "system", "");
        assertEquals("https://github.example.com/organizations/platform/settings/apps/new?state=k3J_9-aZ",
                AppManifest.registrationUrl(target, STATE));
    }

    @Test
    void theStateIsEncodedAndRequired() {
        HostEndpoint github = HostCatalog.resolve(HostKind.GITHUB, "");
        assertEquals("https://github.com/settings/apps/new?state=a%2Bb%26c",
                AppManifest.registrationUrl(github, null, "a+b&c"));
        assertThrows(IllegalArgumentException.class, () -> AppManifest.registrationUrl(github, null, " "));
    }

    @Test
    void organizationNamesCannotChangeThePath() {
        HostEndpoint github = HostCatalog.resolve(HostKind.GITHUB, "");
        for (String bad : new String[] {"acme/../../evil", "acme?x=1", "-acme", "ac me"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AppManifest.registrationUrl(github, bad, STATE), bad);
            assertTrue(e.getMessage().contains("is not a GitHub organization name"), e.getMessage());
        }
    }

    @Test
    void otherHostsHaveNoGitHubApps() {
        HostEndpoint gitlab = HostCatalog.resolve(HostKind.GITLAB, "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AppManifest.registrationUrl(gitlab, null, STATE));
        assertTrue(e.getMessage().contains("only be registered on GitHub"), e.getMessage());
    }
}
