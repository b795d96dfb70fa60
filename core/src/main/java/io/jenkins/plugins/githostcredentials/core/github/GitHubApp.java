package io.jenkins.plugins.githostcredentials.core.github;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One GitHub App as configured in a credential: who it is (App ID or Client ID), its private key, the GitHub it
 * lives on, and what happens to its tokens after use. Signs the app's JSON Web Tokens.
 */
public final class GitHubApp {

    /** GitHub rejects a JWT whose {@code iat} is in its future; backdating by a minute absorbs small clock drift. */
    static final Duration JWT_BACKDATE = Duration.ofSeconds(60);

    /** GitHub allows at most 10 minutes; 9 leaves room for drift in the other direction. */
    static final Duration JWT_LIFETIME = Duration.ofMinutes(9);

    private static final Pattern NUMERIC_APP_ID = Pattern.compile("[1-9][0-9]{0,18}");
    private static final Pattern CLIENT_ID = Pattern.compile("Iv[0-9A-Za-z]*\\.?[0-9A-Za-z]+");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENCODED_HEADER = base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final String issuer;
    private final GitHubAppKey key;
    private final HostEndpoint api;
    private final TokenPolicy tokenPolicy;
    /** Apps are cache keys looked up on every lease: hash once. */
    private final int hash;

    /** An app whose tokens are revoked when their last user releases them ({@link TokenPolicy#REVOKE_WHEN_RELEASED}). */
    public GitHubApp(String appIdOrClientId, GitHubAppKey key, HostEndpoint api) {
        this(appIdOrClientId, key, api, TokenPolicy.REVOKE_WHEN_RELEASED);
    }

    /**
     * @param appIdOrClientId the numeric App ID or the Client ID ({@code Iv1.…}, {@code Iv23…}) from the app's
     *     settings page; GitHub Enterprise Server 3.13 and older accept only the App ID
     * @param api a GitHub or GitHub Enterprise Server endpoint
     * @throws IllegalArgumentException naming what to enter instead
     */
    public GitHubApp(String appIdOrClientId, GitHubAppKey key, HostEndpoint api, TokenPolicy tokenPolicy) {
        this.issuer = checkIssuer(appIdOrClientId);
        this.key = Objects.requireNonNull(key, "key");
        this.api = Objects.requireNonNull(api, "api");
        this.tokenPolicy = Objects.requireNonNull(tokenPolicy, "tokenPolicy");
        if (!api.kind().isGitHub()) {
            throw new IllegalArgumentException("GitHub Apps exist only on GitHub and GitHub Enterprise Server, not on "
                    + api.kind().displayName() + ".");
        }
        this.hash = Objects.hash(issuer, key, api, tokenPolicy);
    }

    /**
     * Checks what an administrator typed as the app's identity.
     *
     * @return the trimmed App ID or Client ID
     * @throws IllegalArgumentException naming what to enter instead
     */
    public static String checkIssuer(String appIdOrClientId) {
        String value = appIdOrClientId == null ? "" : appIdOrClientId.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("Enter the app's App ID (a number) or Client ID (starts with 'Iv'), "
                    + "both shown at the top of the app's settings page on GitHub.");
        }
        if (NUMERIC_APP_ID.matcher(value).matches() || CLIENT_ID.matcher(value).matches()) {
            return value;
        }
        if (value.startsWith("Ov")) {
            throw new IllegalArgumentException("'" + value + "' is the Client ID of an OAuth app, not of a GitHub App. "
                    + "Enter the GitHub App's App ID (a number) or Client ID (starts with 'Iv').");
        }
        throw new IllegalArgumentException("'" + value + "' is neither an App ID (a number such as 123456) nor a "
                + "Client ID (such as Iv23liAbCdEf12345678). Copy one of them from the top of the app's settings page "
                + "(the app's name or slug does not work).");
    }

    /** The JWT {@code iss}: App ID or Client ID. */
    public String issuer() {
        return issuer;
    }

    public GitHubAppKey key() {
        return key;
    }

    public HostEndpoint api() {
        return api;
    }

    public TokenPolicy tokenPolicy() {
        return tokenPolicy;
    }

    /**
     * Signs a JWT that authenticates as this app: RS256, {@code iat} = {@code now} - 60 s, {@code exp} = {@code now}
     * + 9 min, {@code iss} = App ID or Client ID, always as a JSON string: RFC 7519 section 4.1.1 defines {@code iss}
     * as a StringOrURI, GitHub's documented examples send a string, and strict JWT libraries reject a number.
     *
     * @param now the current time as GitHub sees it (the local clock corrected for any known skew)
     */
    public SecretText createJwt(Instant now) {
        ObjectNode claims = JSON.createObjectNode();
        claims.put("iat", now.minus(JWT_BACKDATE).getEpochSecond());
        claims.put("exp", now.plus(JWT_LIFETIME).getEpochSecond());
        claims.put("iss", issuer);
        String signingInput = ENCODED_HEADER + "." + base64Url(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key.privateKey());
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return SecretText.of(signingInput + "." + base64Url(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This Java runtime cannot sign with SHA256withRSA (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GitHubApp other
                && issuer.equals(other.issuer)
                && key.equals(other.key)
                && api.equals(other.api)
                && tokenPolicy == other.tokenPolicy;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "GitHubApp[" + issuer + " on " + api.apiBaseUrl() + ", key " + key.fingerprint() + ", " + tokenPolicy + "]";
    }
}
