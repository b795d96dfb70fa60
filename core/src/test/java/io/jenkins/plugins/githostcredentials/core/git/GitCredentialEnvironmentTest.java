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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GitCredentialEnvironmentTest {

    private static final String TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
    private static final String ORIGIN = "https://github.com";
    private static final String TOKEN_FILE = "/agent/ws@tmp/git-token";

    private static final GitLogin BASIC = new GitLogin.Basic("x-access-token", SecretText.of(TOKEN));
    private static final GitLogin BEARER = new GitLogin.BearerHeader(SecretText.of(TOKEN));

    @Test
    void basicLoginResetsTheOriginAndServesTheTokenFromAVariable() {
        GitCredentialEnvironment env = GitCredentialEnvironment.forLogin(ORIGIN, BASIC, Map.of());

        assertEquals(List.of("GIT_CONFIG_PARAMETERS", "GHC_GIT_USERNAME_0", "GHC_GIT_TOKEN_0", "GIT_TERMINAL_PROMPT"),
                List.copyOf(env.variables().keySet()));
        Map<String, String> v = env.variables();
        assertEquals("'credential.https://github.com.helper=' 'http.https://github.com.extraHeader='"
                        + " 'credential.https://github.com.helper='\\!'f() { if test \"$1\" = get; then printf '\\''"
                        + "username=%s\\npassword=%s\\n'\\'' \"$GHC_GIT_USERNAME_0\" \"$GHC_GIT_TOKEN_0\"; fi; }; f'",
                v.get("GIT_CONFIG_PARAMETERS"));
        assertEquals("x-access-token", v.get("GHC_GIT_USERNAME_0"));
        assertEquals(TOKEN, v.get("GHC_GIT_TOKEN_0"));
        assertEquals("0", v.get("GIT_TERMINAL_PROMPT"));
        assertEquals(Set.of("GHC_GIT_TOKEN_0"), env.secretVariableNames());
        assertEquals(ORIGIN, env.gitOrigin());
    }

    @Test
    void bearerLoginSendsTheHeaderOnlyToTheOriginAndReportsTheParametersAsSecret() {
        GitCredentialEnvironment env = GitCredentialEnvironment.forLogin(ORIGIN, BEARER, Map.of());

        assertEquals(List.of("GIT_CONFIG_PARAMETERS", "GIT_TERMINAL_PROMPT"), List.copyOf(env.variables().keySet()));
        String parameters = env.variables().get("GIT_CONFIG_PARAMETERS");
        assertTrue(parameters.startsWith("'credential.https://github.com.helper=' 'http.https://github.com.extraHeader='"
                + " 'credential.https://github.com.helper='\\!'f() {"), parameters);
        assertTrue(parameters.contains("quit=1"), parameters);
        assertTrue(parameters.endsWith(" 'http.https://github.com.extraHeader=Authorization: Bearer " + TOKEN + "'"),
                "the header is set for the origin only");
        assertEquals(Set.of("GIT_CONFIG_PARAMETERS"), env.secretVariableNames());
    }

    @Test
    void tokenFileVariablesNameTheFileAndHoldNoSecret() {
        GitCredentialEnvironment env = GitCredentialEnvironment.readingTokenFile(ORIGIN, "x-access-token", TOKEN_FILE,
                Map.of());

        assertEquals(List.of("GIT_CONFIG_PARAMETERS", "GHC_GIT_USERNAME_0", "GHC_GIT_TOKEN_FILE_0", "GIT_TERMINAL_PROMPT"),
                List.copyOf(env.variables().keySet()));
        assertEquals(TOKEN_FILE, env.variables().get("GHC_GIT_TOKEN_FILE_0"));
        assertTrue(env.variables().get("GIT_CONFIG_PARAMETERS").contains("$(cat \"$GHC_GIT_TOKEN_FILE_0\")"));
        assertTrue(env.secretVariableNames().isEmpty());
    }

    @Test
    void everyVariableHoldingTheTokenIsReportedSecret() {
        for (GitLogin login : List.of(BASIC, BEARER)) {
            GitCredentialEnvironment env = GitCredentialEnvironment.forLogin(ORIGIN, login, Map.of());
            env.variables().forEach((name, value) -> assertEquals(value.contains(TOKEN),
                    env.secretVariableNames().contains(name), name + " for " + login));
        }
    }

    @Test
    void inheritedParametersAreKeptAndAppendedTo() {
        Map<String, String> inherited = Map.of("GIT_CONFIG_PARAMETERS", "'user.name=CI' 'core.autocrlf=false' ");

        for (GitCredentialEnvironment env : List.of(GitCredentialEnvironment.forLogin(ORIGIN, BASIC, inherited),
                GitCredentialEnvironment.readingTokenFile(ORIGIN, "x-access-token", TOKEN_FILE, inherited))) {
            String parameters = env.variables().get("GIT_CONFIG_PARAMETERS");
            assertTrue(parameters.startsWith("'user.name=CI' 'core.autocrlf=false' 'credential.https://github.com.helper=' "),
                    parameters);
        }
    }

    /** Nested blocks: the inner block's helper variables must not overwrite an enclosing block's. */
    @Test
    void helperVariablesTakeAnIndexNoEnclosingBlockUses() {
        Map<String, String> inherited = Map.of(
                "GHC_GIT_USERNAME_0", "outer", "GHC_GIT_TOKEN_0", "outer-token",
                "GHC_GIT_USERNAME_1", "renewing", "GHC_GIT_TOKEN_FILE_1", "/outer/token");

        Map<String, String> basic = GitCredentialEnvironment.forLogin(ORIGIN, BASIC, inherited).variables();
        Map<String, String> file = GitCredentialEnvironment.readingTokenFile(ORIGIN, "x-access-token", TOKEN_FILE,
                inherited).variables();

        assertEquals(TOKEN, basic.get("GHC_GIT_TOKEN_2"));
        assertTrue(basic.get("GIT_CONFIG_PARAMETERS").contains("\"$GHC_GIT_USERNAME_2\" \"$GHC_GIT_TOKEN_2\""));
        assertEquals(TOKEN_FILE, file.get("GHC_GIT_TOKEN_FILE_2"));
        assertTrue(file.get("GIT_CONFIG_PARAMETERS").contains("\"$GHC_GIT_USERNAME_2\" \"$(cat \"$GHC_GIT_TOKEN_FILE_2\")\""));
        for (Map<String, String> variables : List.of(basic, file)) {
            assertTrue(variables.keySet().stream().noneMatch(inherited::containsKey), variables.keySet().toString());
        }
    }

    /**
     * Jenkins' launchers drop empty variables, and Windows agents may pass values through cmd.exe or PowerShell:
     * every value must be non-empty and a single line.
     */
    @Test
    void everyValueIsNonEmptyAndASingleLine() {
        Map<String, String> inherited = Map.of("GIT_CONFIG_PARAMETERS", "'user.name=CI'");
        for (GitCredentialEnvironment env : List.of(GitCredentialEnvironment.forLogin(ORIGIN, BASIC, inherited),
                GitCredentialEnvironment.forLogin(ORIGIN, BEARER, Map.of()),
                GitCredentialEnvironment.readingTokenFile(ORIGIN, "x-access-token", TOKEN_FILE, Map.of()))) {
            env.variables().forEach((name, value) -> {
                assertFalse(value.isEmpty(), name + " is empty");
                assertFalse(value.contains("\n") || value.contains("\r"), name);
            });
        }
    }

    @Test
    void originIsNormalized() {
        assertEquals("https://github.com",
                GitCredentialEnvironment.forLogin(" HTTPS://GitHub.com/ ", BASIC, Map.of()).gitOrigin());
        assertEquals("http://127.0.0.1:8123",
                GitCredentialEnvironment.forLogin("http://127.0.0.1:8123", BASIC, Map.of()).gitOrigin());
        assertEquals("https://[::1]:8443",
                GitCredentialEnvironment.readingTokenFile("https://[::1]:8443", "x", TOKEN_FILE, Map.of()).gitOrigin());
    }

    /** The session passes {@code HostEndpoint.gitOrigin()} straight in: every host's origin must be taken as is. */
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
        assertEquals(origin, GitCredentialEnvironment.forLogin(origin, BASIC, Map.of()).gitOrigin());
    }

    @ParameterizedTest
    @ValueSource(strings = {"github.com", "ssh://github.com", "git@github.com:owner/repo.git",
            "https://github.com/owner/repo.git", "https://github.com?tab=1", "https://", "https://exa mple.com", " "})
    void nonOriginIsRejectedWithAnExample(String origin) {
        for (Runnable factory : List.<Runnable>of(() -> GitCredentialEnvironment.forLogin(origin, BASIC, Map.of()),
                () -> GitCredentialEnvironment.readingTokenFile(origin, "x-access-token", TOKEN_FILE, Map.of()))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, factory::run);
            assertTrue(e.getMessage().contains("https://github.com"), e.getMessage());
        }
    }

    @Test
    void originWithUserInfoIsRejectedWithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GitCredentialEnvironment
                .forLogin("https://x-access-token:" + TOKEN + "@github.com", BASIC, Map.of()));
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
                    () -> GitCredentialEnvironment.forLogin(ORIGIN, login, Map.of()));
            assertTrue(e.getMessage().contains("token contains a line break"), e.getMessage());
            assertFalse(e.getMessage().contains("ghp_first") || e.getMessage().contains("second"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"user\nprotocol=https", "user\rname", "user\u0007"})
    void usernameWithControlCharacterIsRejected(String username) {
        for (Runnable factory : List.<Runnable>of(
                () -> GitCredentialEnvironment.forLogin(ORIGIN, new GitLogin.Basic(username, SecretText.of(TOKEN)), Map.of()),
                () -> GitCredentialEnvironment.readingTokenFile(ORIGIN, username, TOKEN_FILE, Map.of()))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, factory::run);
            assertTrue(e.getMessage().contains("git username contains a line break"), e.getMessage());
            assertFalse(e.getMessage().contains(TOKEN));
        }
    }

    @Test
    void tokenFileLoginNeedsAUsernameAndAOneLinePath() {
        assertTokenFileRejected("x-access-token", " ", "token file path is empty");
        assertTokenFileRejected("x-access-token", "/t\nusername=evil", "token file path contains a line break");
        assertTokenFileRejected(" ", TOKEN_FILE, "git username is required");
        assertTokenFileRejected(null, TOKEN_FILE, "git username is required");
    }

    private static void assertTokenFileRejected(String username, String tokenFile, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GitCredentialEnvironment.readingTokenFile(ORIGIN, username, tokenFile, Map.of()));
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void toStringNamesVariablesButShowsNoValue() {
        for (GitCredentialEnvironment env : List.of(GitCredentialEnvironment.forLogin(ORIGIN, BASIC, Map.of()),
                GitCredentialEnvironment.forLogin(ORIGIN, BEARER, Map.of()),
                GitCredentialEnvironment.readingTokenFile(ORIGIN, "x-access-token", TOKEN_FILE, Map.of()))) {
            String text = env.toString();
            assertTrue(text.contains("GIT_CONFIG_PARAMETERS") && text.contains(ORIGIN), text);
            for (String value : List.of(TOKEN, "x-access-token", "!f()", TOKEN_FILE)) {
                assertFalse(text.contains(value), text);
            }
        }
    }

    /**
     * Unquotes {@code GIT_CONFIG_PARAMETERS} with the shell and runs our helper (its last entry) as git does
     * ({@code sh -c '<helper> <operation>'}), to pin down the credential protocol each login speaks.
     */
    @ParameterizedTest
    @ValueSource(strings = {"basic", "bearer", "tokenFile"})
    void helperAnswersGetAndStaysSilentOnStoreAndErase(String kind, @TempDir Path dir) throws IOException {
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
        GitCredentialEnvironment env = switch (kind) {
            case "basic" -> GitCredentialEnvironment.forLogin(ORIGIN, BASIC, Map.of());
            case "bearer" -> GitCredentialEnvironment.forLogin(ORIGIN, BEARER, Map.of());
            default -> GitCredentialEnvironment.readingTokenFile(ORIGIN, "x-access-token", tokenFile.toString(), Map.of());
        };
        String expected = kind.equals("bearer") ? "quit=1\n" : "username=x-access-token\npassword=" + TOKEN + "\n";

        assertEquals(expected, runOurHelper("get", env.variables()));
        assertEquals("", runOurHelper("store", env.variables()));
        assertEquals("", runOurHelper("erase", env.variables()));
    }

    private static String runOurHelper(String operation, Map<String, String> variables) throws IOException {
        String script = "eval \"set -- $GIT_CONFIG_PARAMETERS\"; for entry do case $entry in"
                + " credential.*.helper=?*) helper=${entry#*.helper=!};; esac; done; sh -c \"$helper $HELPER_OPERATION\"";
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", script);
        builder.environment().putAll(variables);
        builder.environment().put("HELPER_OPERATION", operation);
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
