package io.jenkins.plugins.githostcredentials.core.github;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the engine through its normal and failing paths with every logger of the product at ALL, and shows that no
 * line of the private key, no JWT and no token appears in any exception (message, cause or stack trace), any
 * {@code toString()} or any log record.
 */
class SecretLeakTest extends FakeGitHubTestBase {

    private final Logger productLogger = Logger.getLogger("io.jenkins.plugins.githostcredentials");
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            synchronized (logged) {
                logged.add(formatter.format(record));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level previousLevel;
    private final List<String> shown = new ArrayList<>();

    @BeforeEach
    void captureLogs() {
        previousLevel = productLogger.getLevel();
        productLogger.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        productLogger.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        productLogger.removeHandler(capture);
        productLogger.setLevel(previousLevel);
    }

    @Test
    void noKeyJwtOrTokenIsShownAnywhere() throws Exception {
        String pkcs1 = TestKeys.pkcs1(TestKeys.RSA);
        String pkcs8 = TestKeys.pkcs8(TestKeys.RSA);

        // key intake errors, on damaged versions of the real key
        for (String damaged : List.of(pkcs1.substring(0, pkcs1.length() / 2), pkcs1.replace("M", "!"),
                pkcs8.replace("-----BEGIN PRIVATE KEY-----", "-----BEGIN ENCRYPTED PRIVATE KEY-----"),
                pkcs1.replace("RSA PRIVATE KEY", "PUBLIC KEY"), pkcs1.replace("RSA PRIVATE KEY", "CERTIFICATE"),
                pkcs8.replace("PRIVATE KEY", "EC PRIVATE KEY"), pkcs1.substring(40, 400))) {
            record(() -> GitHubAppKey.parse(damaged));
        }
        shown.add(KEY.toString());
        shown.add(app.toString());

        // the normal path, with skew correction and narrowing
        serverAhead = Duration.ofMinutes(-3);
        TokenRequest narrowed = new TokenRequest(InstallationLocator.byOwner("octo-org"),
                new Narrowing(Set.of("api"), Map.of("contents", "read")));
        TokenLease lease = tokens.lease(app, narrowed);
        shown.add(lease.toString());
        shown.add(narrowed.toString());
        shown.add(tokens.findInstallation(app, InstallationLocator.byId(ORG_INSTALLATION)).toString());
        clock.advance(Duration.ofMinutes(20));
        lease.currentToken();
        lease.reportRejected();
        shown.add(lease.toString());
        lease.release();

        // failures: refused narrowing, wrong key, failed refresh, server errors
        record(() -> tokens.lease(app, new TokenRequest(InstallationLocator.byId(USER_INSTALLATION),
                new Narrowing(Set.of("secret-diary"), Map.of("issues", "write")))));
        GitHubApp wrongKey = new GitHubApp("Iv23liAbCdEf12345678",
                GitHubAppKey.parse(TestKeys.pkcs1(TestKeys.otherRsa())), endpoint);
        record(() -> tokens.lease(wrongKey, org()));
        GitHubApp reusing = reusingApp();
        tokens.lease(reusing, org()).release();
        clock.advance(Duration.ofMinutes(12));
        github.scriptNextMint(new MockResponse().setResponseCode(500).setBody("{\"message\":\"Server Error\"}"));
        tokens.lease(reusing, org()).release(); // logs the failed refresh
        github.scriptNextMint(new MockResponse().setResponseCode(502));
        clock.advance(Duration.ofMinutes(20));
        record(() -> tokens.lease(reusing, org()));

        // linger, the journal, a failed revocation, a check of a reused token, a restart
        InstallationTokens lingering = newTokens(TokenCacheSettings.defaults());
        lingering.lease(app, org()).release();
        shown.add(journal.recorded().toString());
        clock.advance(TokenCacheSettings.DEFAULT_LINGER);
        github.scriptNextRevocation(new MockResponse().setResponseCode(503).setBody("{\"message\":\"Unavailable\"}"));
        background.runDue(); // logs the failed revocation
        TokenLease reused = lingering.lease(reusing, org());
        github.stopAccepting(reused.token().reveal());
        clock.advance(Duration.ofMinutes(10));
        reused.confirmedToken(Duration.ofMinutes(5));
        shown.add(reused.toString());
        reused.release();
        shown.add(journal.recorded().toString());
        newTokens(AT_ONCE).revokeRecorded(journal.recorded());
        lingering.close();

        // a revocation that cannot reach GitHub is logged
        TokenLease orphan = tokens.lease(app, TokenRequest.of(InstallationLocator.byId(USER_INSTALLATION)));
        shown.add(orphan.toString());
        github.close();
        orphan.release();
        record(() -> tokens.lease(app, TokenRequest.of(InstallationLocator.byId(ORG_INSTALLATION))));
        tokens.close();

        List<String> everything = new ArrayList<>(shown);
        synchronized (logged) {
            everything.addAll(logged);
        }
        assertTrue(logged.stream().anyMatch(line -> line.contains("Could not refresh")), "the failed refresh was logged");
        assertTrue(logged.stream().anyMatch(line -> line.contains("Could not revoke")), "the failed revocation was logged");
        assertTrue(github.minted.size() >= 5 && github.jwtsSeen.size() >= 5, "secrets were really used");
        for (String text : everything) {
            for (String token : github.minted) {
                SecretLeakAssertions.assertNoSecret(token, text);
                SecretLeakAssertions.assertNoSecret(token.substring(4, 20), text);
            }
            for (String jwt : github.jwtsSeen) {
                SecretLeakAssertions.assertNoSecret(jwt.substring(jwt.lastIndexOf('.') + 1), text);
                SecretLeakAssertions.assertNoSecret(jwt.substring(0, jwt.lastIndexOf('.')), text);
            }
            SecretLeakAssertions.assertNoKeyMaterial(pkcs1, text);
            SecretLeakAssertions.assertNoKeyMaterial(pkcs8, text);
            assertFalse(text.contains("Bearer ey") || text.contains("Bearer ghs_"), text);
        }
    }

    private void record(ThrowingAction action) {
        try {
            action.run();
            throw new AssertionError("expected a failure");
        } catch (Exception e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            shown.add(trace.toString());
        }
    }

    @FunctionalInterface
    private interface ThrowingAction {
        void run() throws Exception;
    }
}
