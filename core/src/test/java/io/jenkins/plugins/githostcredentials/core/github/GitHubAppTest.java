package io.jenkins.plugins.githostcredentials.core.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class GitHubAppTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GitHubAppKey KEY = GitHubAppKey.parse(TestKeys.pkcs1(TestKeys.RSA));
    private static final HostEndpoint GITHUB = new HostEndpoint(HostKind.GITHUB, "https://github.com", "https://api.github.com");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void jwtWithClientIdHasTheClaimsGitHubRequires() throws Exception {
        String jwt = new GitHubApp("Iv23liAbCdEf12345678", KEY, GITHUB).createJwt(NOW).reveal();
        String[] parts = jwt.split("\\.");
        assertEquals(3, parts.length);

        JsonNode header = decode(parts[0]);
        assertEquals("RS256", header.path("alg").asText());
        assertEquals("JWT", header.path("typ").asText());

        JsonNode claims = decode(parts[1]);
        assertEquals(NOW.getEpochSecond() - 60, claims.path("iat").asLong(), "iat is backdated by 60 s");
        assertEquals(NOW.getEpochSecond() + 9 * 60, claims.path("exp").asLong(), "exp is 9 minutes ahead");
        assertTrue(claims.path("exp").asLong() - claims.path("iat").asLong() <= 600, "GitHub allows at most 10 minutes");
        assertTrue(claims.path("iss").isTextual());
        assertEquals("Iv23liAbCdEf12345678", claims.path("iss").asText());
        assertTrue(claims.path("iat").isIntegralNumber() && claims.path("exp").isIntegralNumber());

        assertTrue(verifies(parts, TestKeys.RSA.getPublic()), "signature verifies with the app's public key");
    }

    @Test
    void jwtWithNumericAppIdSendsItAsAString() throws Exception {
        // RFC 7519 4.1.1: "The "iss" value is a case-sensitive string containing a StringOrURI value"; GitHub's
        // "Generating a JSON Web Token (JWT) for a GitHub App" examples set iss to the App ID or Client ID as a string.
        String jwt = new GitHubApp("123456", KEY, GITHUB).createJwt(NOW).reveal();
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        JsonNode claims = JSON.readTree(payload);
        assertTrue(claims.path("iss").isTextual(), "iss is a JSON string, also for a numeric App ID: " + payload);
        assertEquals("123456", claims.path("iss").asText());
        assertTrue(payload.contains("\"iss\":\"123456\""), payload);
        assertTrue(verifies(jwt.split("\\."), TestKeys.RSA.getPublic()));
    }

    @Test
    void signatureDoesNotVerifyWithAnotherKey() throws Exception {
        String[] parts = new GitHubApp("1", KEY, GITHUB).createJwt(NOW).reveal().split("\\.");
        assertFalse(verifies(parts, TestKeys.otherRsa().getPublic()));
    }

    @Test
    void oldStyleClientIdIsAccepted() {
        assertEquals("Iv1.ab1112223334445c", new GitHubApp(" Iv1.ab1112223334445c ", KEY, GITHUB).issuer());
    }

    @Test
    void badAppIdentitiesAreExplained() {
        assertMessage("", "App ID (a number) or Client ID");
        assertMessage(null, "App ID (a number) or Client ID");
        assertMessage("my-ci-app", "neither an App ID");
        assertMessage("Ov23liAbCdEf12345678", "OAuth app");
        assertMessage("12 34", "neither an App ID");
    }

    @Test
    void onlyGitHubHostsHaveApps() {
        HostEndpoint gitlab = new HostEndpoint(HostKind.GITLAB, "https://gitlab.com", "https://gitlab.com/api/v4");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new GitHubApp("1", KEY, gitlab));
        assertTrue(error.getMessage().contains("GitHub Enterprise Server"));
    }

    @Test
    void toStringShowsIdentityAndFingerprintOnly() {
        GitHubApp app = new GitHubApp("42", KEY, GITHUB);
        assertEquals("GitHubApp[42 on https://api.github.com, key " + KEY.fingerprint() + ", REVOKE_WHEN_RELEASED]",
                app.toString());
    }

    private static void assertMessage(String appId, String fragment) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new GitHubApp(appId, KEY, GITHUB));
        assertTrue(error.getMessage().contains(fragment), error.getMessage());
    }

    static JsonNode decode(String part) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(part));
    }

    static boolean verifies(String[] parts, java.security.PublicKey publicKey) throws Exception {
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return verifier.verify(Base64.getUrlDecoder().decode(parts[2]));
    }
}
