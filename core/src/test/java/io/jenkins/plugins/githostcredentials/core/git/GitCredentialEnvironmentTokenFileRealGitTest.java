package io.jenkins.plugins.githostcredentials.core.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token-file variant against the real {@code git} and {@code git http-backend}: one git environment keeps
 * working while the token behind it is replaced, as in a build that outlives a GitHub App token.
 */
class GitCredentialEnvironmentTokenFileRealGitTest {

    private static final String USERNAME = "x-access-token";
    private static final String REPOSITORY = "repo.git";

    @TempDir
    Path dir;

    private final AtomicReference<String> acceptedToken = new AtomicReference<>(newToken());
    private Path home;
    private Path clones;
    private Path logs;
    private Path tokenFile;
    private RealGit git;
    private GitSmartHttpServer server;

    @BeforeEach
    void serveRepository() throws IOException {
        RealGit.assumeInstalled();
        home = Files.createDirectory(dir.resolve("home"));
        clones = Files.createDirectory(dir.resolve("clones"));
        logs = Files.createDirectory(dir.resolve("logs"));
        Path serverRoot = Files.createDirectory(dir.resolve("server"));
        tokenFile = Files.createDirectory(dir.resolve("workspace@tmp")).resolve("git-token");
        git = new RealGit(logs);

        Path seed = dir.resolve("seed");
        git.run(dir, baseEnvironment(), "init", "-q", "-b", "main", seed.toString()).requireSuccess();
        Files.writeString(seed.resolve("README.md"), "served over smart HTTP\n");
        git.run(seed, baseEnvironment(), "add", "README.md").requireSuccess();
        git.run(seed, baseEnvironment(), "commit", "-q", "-m", "Initial commit").requireSuccess();
        git.run(dir, baseEnvironment(), "clone", "-q", "--bare", seed.toString(),
                serverRoot.resolve(REPOSITORY).toString()).requireSuccess();
        server = new GitSmartHttpServer(serverRoot, Files.createDirectory(dir.resolve("backend-home")),
                authorization -> authorization.equals(Optional.of(basicAuthorization(acceptedToken.get()))));
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void gitReadsTheCurrentTokenFromTheFileEachTime() throws IOException {
        String first = acceptedToken.get();
        Files.writeString(tokenFile, first + "\n");
        Map<String, String> env = withTokenFile(baseEnvironment());
        Path clone = clones.resolve("clone");

        git.run(clones, env, "clone", "-q", server.url(REPOSITORY), clone.toString()).requireSuccess();

        String second = newToken();
        acceptedToken.set(second);
        RealGit.Result stale = git.run(clone, env, "fetch", "-q", "origin");
        assertNotEquals(0, stale.exitCode(), "the host no longer accepts the first token: " + stale.output());

        Files.writeString(tokenFile, second);
        git.run(clone, env, "fetch", "-q", "origin").requireSuccess();

        assertTrue(server.receivedAuthorizations().contains(Optional.of(basicAuthorization(first))));
        assertTrue(server.receivedAuthorizations().contains(Optional.of(basicAuthorization(second))));
        for (String token : List.of(first, second)) {
            assertTrue(env.values().stream().noneMatch(value -> value.contains(token)), "no variable holds the token");
            assertTokenNowhere(token, home, clone);
        }
    }

    @Test
    void missingTokenFileFailsInsteadOfWaitingForAPassword() throws IOException {
        Map<String, String> env = withTokenFile(baseEnvironment());

        RealGit.Result result = git.run(clones, env, "clone", server.url(REPOSITORY), "no-file");

        assertNotEquals(0, result.exitCode());
        assertTrue(result.output().contains("Authentication failed"), result.output());
    }

    @Test
    void variablesNameTheFileAndHoldNoSecret() {
        GitCredentialEnvironment environment = GitCredentialEnvironment.createInConfigParametersReadingTokenFile(
                "https://github.com", USERNAME, "/agent/ws@tmp/git-token",
                Map.of("GHC_GIT_USERNAME_0", "outer", "GIT_CONFIG_PARAMETERS", "'user.name=CI'"));

        assertTrue(environment.secretVariableNames().isEmpty());
        assertEquals("/agent/ws@tmp/git-token", environment.variables().get("GHC_GIT_TOKEN_FILE_1"));
        assertEquals(USERNAME, environment.variables().get("GHC_GIT_USERNAME_1"), "an enclosing block has index 0");
        String parameters = environment.variables().get("GIT_CONFIG_PARAMETERS");
        assertTrue(parameters.startsWith("'user.name=CI' 'credential.https://github.com.helper=' "), parameters);
        assertTrue(environment.variables().values().stream().noneMatch(String::isEmpty), "no empty variable");

        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
                () -> GitCredentialEnvironment.createInConfigParametersReadingTokenFile("https://github.com", USERNAME, " ", Map.of()));
        assertTrue(blank.getMessage().contains("token file path"), blank.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> GitCredentialEnvironment.createInConfigParametersReadingTokenFile("https://github.com", "", "/t", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> GitCredentialEnvironment.createInConfigParametersReadingTokenFile(
                "https://github.com", USERNAME, "/t\nusername=evil", Map.of()));
    }

    private Map<String, String> withTokenFile(Map<String, String> inherited) {
        Map<String, String> env = new LinkedHashMap<>(inherited);
        env.putAll(GitCredentialEnvironment.createInConfigParametersReadingTokenFile(server.origin(), USERNAME,
                tokenFile.toString(), inherited).variables());
        return env;
    }

    /** Fails if the token shows up in a command line started, in git's trace, or in any file under the trees. */
    private void assertTokenNowhere(String secret, Path... trees) throws IOException {
        List<String> forms = List.of(secret, base64(USERNAME + ":" + secret));
        for (List<String> commandLine : git.commandLines()) {
            forms.forEach(form -> assertFalse(String.join(" ", commandLine).contains(form), "token in a command line"));
        }
        List<Path> files = new ArrayList<>(List.of(logs.resolve("git-trace.log")));
        for (Path tree : trees) {
            try (Stream<Path> walk = Files.walk(tree)) {
                walk.filter(Files::isRegularFile).forEach(files::add);
            }
        }
        assertTrue(files.size() > 10, "expected the clone's files to be checked: " + files.size());
        for (Path file : files) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            forms.forEach(form -> assertFalse(content.contains(form), "token found in " + file));
        }
    }

    private Map<String, String> baseEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("LC_ALL", "C");
        env.put("GIT_AUTHOR_NAME", "Test Author");
        env.put("GIT_AUTHOR_EMAIL", "author@example.com");
        env.put("GIT_COMMITTER_NAME", "Test Committer");
        env.put("GIT_COMMITTER_EMAIL", "committer@example.com");
        env.put("GIT_TRACE", logs.resolve("git-trace.log").toString());
        return env;
    }

    private static String basicAuthorization(String token) {
        return "Basic " + base64(USERNAME + ":" + token);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String newToken() {
        return "ghs_" + UUID.randomUUID().toString().replace("-", "");
    }
}
