package io.jenkins.plugins.githostcredentials.core.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.host.GitLogin;
import io.jenkins.plugins.githostcredentials.core.host.HostCatalog;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GitCredentialEnvironmentTest {

    private static final String TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
    private static final String ORIGIN = "https://github.com";

    private static final GitLogin BASIC = new GitLogin.Basic("x-access-token", SecretText.of(TOKEN));
    private static final GitLogin BEARER = new GitLogin.BearerHeader(SecretText.of(TOKEN));

    @Test
    void basicLoginResetsTheOriginAndServesTheTokenFromAVariable() {
        GitCredentialEnvironment env = GitCredentialEnvironment.create(ORIGIN, BASIC, Map.of());

        assertEquals(List.of(
                        "GIT_CONFIG_KEY_0", "GIT_CONFIG_VALUE_0",
                        "GIT_CONFIG_KEY_1", "GIT_CONFIG_VALUE_1",
                        "GIT_CONFIG_KEY_2", "GIT_CONFIG_VALUE_2",
                        "GIT_CONFIG_COUNT", "GHC_GIT_USERNAME_2", "GHC_GIT_TOKEN_2", "GIT_TERMINAL_PROMPT"),
                List.copyOf(env.variables().keySet()));
        Map<String, String> v = env.variables();
        assertEquals("credential.https://github.com.helper", v.get("GIT_CONFIG_KEY_0"));
        assertEquals("", v.get("GIT_CONFIG_VALUE_0"));
        assertEquals("http.https://github.com.extraHeader", v.get("GIT_CONFIG_KEY_1"));
        assertEquals("", v.get("GIT_CONFIG_VALUE_1"));
        assertEquals("credential.https://github.com.helper", v.get("GIT_CONFIG_KEY_2"));
        assertEquals("!f() { if test \"$1\" = get; then printf 'username=%s\\npassword=%s\\n'"
                + " \"$GHC_GIT_USERNAME_2\" \"$GHC_GIT_TOKEN_2\"; fi; }; f", v.get("GIT_CONFIG_VALUE_2"));
        assertEquals("3", v.get("GIT_CONFIG_COUNT"));
        assertEquals("x-access-token", v.get("GHC_GIT_USERNAME_2"));
        assertEquals(TOKEN, v.get("GHC_GIT_TOKEN_2"));
        assertEquals("0", v.get("GIT_TERMINAL_PROMPT"));
        assertEquals(Set.of("GHC_GIT_TOKEN_2"), env.secretVariableNames());
        assertEquals(ORIGIN, env.gitOrigin());
    }

    @Test
    void bearerLoginSendsTheHeaderOnlyToTheOriginAndReportsItsVariableAsSecret() {
        GitCredentialEnvironment env = GitCredentialEnvironment.create(ORIGIN, BEARER, Map.of());

        Map<String, String> v = env.variables();
        assertEquals("4", v.get("GIT_CONFIG_COUNT"));
        assertEquals("credential.https://github.com.helper", v.get("GIT_CONFIG_KEY_0"));
        assertEquals("", v.get("GIT_CONFIG_VALUE_0"));
        assertEquals("credential.https://github.com.helper", v.get("GIT_CONFIG_KEY_2"));
        assertTrue(v.get("GIT_CONFIG_VALUE_2").contains("quit=1"));
        assertEquals("http.https://github.com.extraHeader", v.get("GIT_CONFIG_KEY_3"));
        assertEquals("Authorization: Bearer " + TOKEN, v.get("GIT_CONFIG_VALUE_3"));
        assertEquals(Set.of("GIT_CONFIG_VALUE_3"), env.secretVariableNames());
        assertFalse(v.keySet().stream().anyMatch(name -> name.startsWith("GHC_GIT_")), "no username/token helper");
    }

    @Test
    void everyVariableHoldingTheTokenIsReportedSecret() {
        for (GitLogin login : List.of(BASIC, BEARER)) {
            GitCredentialEnvironment env = GitCredentialEnvironment.create(ORIGIN, login, Map.of());
            env.variables().forEach((name, value) -> assertEquals(value.contains(TOKEN),
                    env.secretVariableNames().contains(name), name + " for " + login));
        }
    }

    @Test
    void entriesFollowTheInheritedOnesWithoutRepeatingThem() {
        Map<String, String> inherited = Map.of(
                "GIT_CONFIG_COUNT", "2",
                "GIT_CONFIG_KEY_0", "user.name", "GIT_CONFIG_VALUE_0", "Someone",
                "GIT_CONFIG_KEY_1", "core.autocrlf", "GIT_CONFIG_VALUE_1", "false");

        GitCredentialEnvironment env = GitCredentialEnvironment.create(ORIGIN, BASIC, inherited);

        Map<String, String> v = env.variables();
        assertEquals("5", v.get("GIT_CONFIG_COUNT"));
        assertEquals("credential.https://github.com.helper", v.get("GIT_CONFIG_KEY_2"));
        assertEquals(TOKEN, v.get("GHC_GIT_TOKEN_4"));
        assertTrue(v.get("GIT_CONFIG_VALUE_4").contains("$GHC_GIT_TOKEN_4"));
        assertFalse(v.containsKey("GIT_CONFIG_KEY_0") || v.containsKey("GIT_CONFIG_KEY_1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "1.5"})
    void inheritedCountGitWouldRejectIsReported(String count) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GitCredentialEnvironment.create(ORIGIN, BASIC, Map.of("GIT_CONFIG_COUNT", count)));
        assertTrue(e.getMessage().contains("GIT_CONFIG_COUNT='" + count + "'"), e.getMessage());
    }

    @Test
    void originIsNormalized() {
        assertEquals("https://github.com",
                GitCredentialEnvironment.create(" HTTPS://GitHub.com/ ", BASIC, Map.of()).gitOrigin());
        assertEquals("http://127.0.0.1:8123",
                GitCredentialEnvironment.create("http://127.0.0.1:8123", BASIC, Map.of()).gitOrigin());
        assertEquals("https://[::1]:8443",
                GitCredentialEnvironment.create("https://[::1]:8443", BASIC, Map.of()).gitOrigin());
    }

    /** The step passes {@code HostEndpoint.gitOrigin()} straight in: every host's origin must be taken as is. */
    @ParameterizedTest
    @CsvSource({
        "GITHUB,",
        "GITHUB_ENTERPRISE,https://ghe.example.com",
        "GITLAB,https://gitlab.example.com:8443/gitlab",
        "BITBUCKET_CLOUD,",
        "BITBUCKET_DATA_CENTER,http://bitbucket.example.com:7990",
        "AZURE_DEVOPS,https://dev.azure.com/my-org",
        "GITEA,https://gitea.example.com",
    })
    void acceptsTheGitOriginOfEveryHostKind(HostKind kind, String serverInput) {
        String origin = HostCatalog.resolve(kind, serverInput).gitOrigin();
        assertEquals(origin, GitCredentialEnvironment.create(origin, BASIC, Map.of()).gitOrigin());
    }

    @ParameterizedTest
    @ValueSource(strings = {"github.com", "ssh://github.com", "git@github.com:owner/repo.git",
            "https://github.com/owner/repo.git", "https://github.com?tab=1", "https://", "https://exa mple.com", " "})
    void nonOriginIsRejectedWithAnExample(String origin) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GitCredentialEnvironment.create(origin, BASIC, Map.of()));
        assertTrue(e.getMessage().contains("https://github.com"), e.getMessage());
    }

    @Test
    void originWithUserInfoIsRejectedWithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GitCredentialEnvironment.create("https://x-access-token:" + TOKEN + "@github.com", BASIC, Map.of()));
        assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
        assertTrue(e.getMessage().contains("https://****@github.com"), e.getMessage());
        assertTrue(e.getMessage().contains("remove the user name"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r", "\u0000", "\t"})
    void tokenWithLineBreakOrControlCharacterIsRejectedWithoutShowingIt(String control) {
        String token = "ghp_first" + control + "password=second";
        for (GitLogin login : List.of(new GitLogin.Basic("x-access-token", SecretText.of(token)),
                new GitLogin.BearerHeader(SecretText.of(token)))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> GitCredentialEnvironment.create(ORIGIN, login, Map.of()));
            assertTrue(e.getMessage().contains("token contains a line break"), e.getMessage());
            assertFalse(e.getMessage().contains("ghp_first") || e.getMessage().contains("second"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"user\nprotocol=https", "user\rname", "user\u0007"})
    void usernameWithControlCharacterIsRejected(String username) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GitCredentialEnvironment.create(ORIGIN, new GitLogin.Basic(username, SecretText.of(TOKEN)), Map.of()));
        assertTrue(e.getMessage().contains("git username contains a line break"), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN));
    }

    @Test
    void toStringNamesVariablesButShowsNoValue() {
        for (GitLogin login : List.of(BASIC, BEARER)) {
            GitCredentialEnvironment env = GitCredentialEnvironment.create(ORIGIN, login, Map.of());
            String text = env.toString();
            assertTrue(text.contains("GIT_CONFIG_COUNT") && text.contains(ORIGIN), text);
            assertFalse(text.contains(TOKEN), text);
            assertFalse(text.contains("x-access-token"), text);
            assertFalse(text.contains("!f()"), text);
        }
    }

    /** Windows agents set these through cmd.exe or PowerShell: every value must be a single line. */
    @Test
    void everyValueIsASingleLine() {
        for (GitLogin login : List.of(BASIC, BEARER)) {
            GitCredentialEnvironment.create(ORIGIN, login, Map.of("GIT_CONFIG_COUNT", "7")).variables()
                    .forEach((name, value) -> assertFalse(value.contains("\n") || value.contains("\r"), name));
        }
    }

    /** Runs the helper exactly as git does ({@code sh -c '<helper> <operation>'}) to pin down its protocol. */
    @Test
    void helperAnswersGetAndStaysSilentOnStoreAndErase() throws Exception {
        Map<String, String> v = GitCredentialEnvironment.create(ORIGIN, BASIC, Map.of()).variables();
        String helper = v.get("GIT_CONFIG_VALUE_2").substring(1);

        assertEquals("username=x-access-token\npassword=" + TOKEN + "\n", runHelper(helper, "get", v));
        assertEquals("", runHelper(helper, "store", v));
        assertEquals("", runHelper(helper, "erase", v));
    }

    private static String runHelper(String helper, String operation, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", helper + " " + operation);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return Assumptions.abort("Skipping: no sh to run the helper with (" + e.getMessage() + ")");
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertEquals(0, process.exitValue(), "the helper succeeds for " + operation);
        return output;
    }
}
