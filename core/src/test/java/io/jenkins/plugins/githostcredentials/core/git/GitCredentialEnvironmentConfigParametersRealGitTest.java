package io.jenkins.plugins.githostcredentials.core.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.host.GitLogin;
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
 * The {@code GIT_CONFIG_PARAMETERS} variants against the real {@code git}, with the environment passed the way
 * Jenkins' launchers pass it: every variable whose value is empty is dropped before the process starts.
 */
class GitCredentialEnvironmentConfigParametersRealGitTest {

    private static final String USERNAME = "x-access-token";
    private static final String REPOSITORY = "repo.git";

    @TempDir
    Path dir;

    private final String token = newToken();
    private final List<GitSmartHttpServer> servers = new ArrayList<>();
    private Path home;
    private Path clones;
    private Path logs;
    private Path serverRoot;
    private Path backendHome;
    private RealGit git;

    @BeforeEach
    void serveRepository() throws IOException {
        RealGit.assumeInstalled();
        home = Files.createDirectory(dir.resolve("home"));
        clones = Files.createDirectory(dir.resolve("clones"));
        logs = Files.createDirectory(dir.resolve("logs"));
        serverRoot = Files.createDirectory(dir.resolve("server"));
        backendHome = Files.createDirectory(dir.resolve("backend-home"));
        git = new RealGit(logs);

        Path seed = dir.resolve("seed");
        git.run(dir, baseEnvironment(), "init", "-q", "-b", "main", seed.toString()).requireSuccess();
        Files.writeString(seed.resolve("README.md"), "served over smart HTTP\n");
        git.run(seed, baseEnvironment(), "add", "README.md").requireSuccess();
        git.run(seed, baseEnvironment(), "commit", "-q", "-m", "Initial commit").requireSuccess();
        Path bare = serverRoot.resolve(REPOSITORY);
        git.run(dir, baseEnvironment(), "clone", "-q", "--bare", seed.toString(), bare.toString()).requireSuccess();
        git.run(dir, baseEnvironment(), "--git-dir=" + bare, "config", "http.receivepack", "true").requireSuccess();
    }

    @AfterEach
    void stopServers() {
        servers.forEach(GitSmartHttpServer::close);
    }

    @Test
    void countVariantCannotSurviveALauncherThatDropsEmptyVariables() throws IOException {
        GitSmartHttpServer server = serverAccepting(basicAuthorization(USERNAME, token));
        Map<String, String> env = new LinkedHashMap<>(baseEnvironment());
        env.putAll(GitCredentialEnvironment.create(server.origin(), basic(token), baseEnvironment()).variables());

        RealGit.Result result = git.run(clones, asJenkinsLaunches(env), "clone", server.url(REPOSITORY), "count");

        assertNotEquals(0, result.exitCode());
        assertTrue(result.output().contains("missing config value GIT_CONFIG_VALUE_"), result.output());
    }

    @Test
    void basicLoginClonesAndPushesWithoutLeavingTheTokenAnywhere() throws IOException {
        GitSmartHttpServer server = serverAccepting(basicAuthorization(USERNAME, token));
        Map<String, String> env = withParameters(baseEnvironment(), server.origin(), basic(token));

        Path clone = cloneAndPush(server, env, "basic");

        assertTrue(server.receivedAuthorizations().contains(Optional.of(basicAuthorization(USERNAME, token))));
        assertFalse(env.get("GIT_CONFIG_PARAMETERS").contains(token), "the token stays in its own variable");
        assertTokenNowhere(token, home, clone);
    }

    @Test
    void bearerLoginSendsTheHeaderOnEveryRequest() throws IOException {
        GitSmartHttpServer server = serverAccepting("Bearer " + token);
        GitCredentialEnvironment environment = GitCredentialEnvironment.createInConfigParameters(
                server.origin(), new GitLogin.BearerHeader(SecretText.of(token)), baseEnvironment());
        Map<String, String> env = new LinkedHashMap<>(baseEnvironment());
        env.putAll(environment.variables());

        cloneAndPush(server, env, "bearer");

        assertTrue(environment.secretVariableNames().contains("GIT_CONFIG_PARAMETERS"));
        assertTrue(server.receivedAuthorizations().stream().allMatch(a -> a.equals(Optional.of("Bearer " + token))));
    }

    @Test
    void inheritedHelpersAreNeitherAskedNorGivenTheTokenAndInheritedParametersStay() throws IOException {
        GitSmartHttpServer server = serverAccepting(basicAuthorization(USERNAME, token));
        Path marker = dir.resolve("inherited-helper-called");
        Path gitconfig = home.resolve(".gitconfig");
        configure(gitconfig, "credential.helper",
                "!f() { echo \"$1\" >> '" + marker + "'; echo username=inherited; echo password=stale; }; f");
        configure(gitconfig, "credential.helper", "store");
        Map<String, String> inherited = baseEnvironment();
        inherited.put("GIT_CONFIG_PARAMETERS", "'user.name=Inherited Name'");

        Map<String, String> env = withParameters(inherited, server.origin(), basic(token));
        Path clone = clones.resolve("inherited");
        git.run(clones, asJenkinsLaunches(env), "clone", "-q", server.url(REPOSITORY), clone.toString())
                .requireSuccess();

        assertFalse(Files.exists(marker), "no inherited helper may be asked, nor told to store or erase");
        assertFalse(Files.exists(home.resolve(".git-credentials")), "the store helper must not get the token");
        assertEquals("Inherited Name", git.run(clone, asJenkinsLaunches(env), "config", "user.name")
                .requireSuccess().output().strip());
        git.run(clone, asJenkinsLaunches(env), "-c", "core.abbrev=12", "fetch", "-q", "origin").requireSuccess();
    }

    @Test
    void anotherOriginGetsNoCredentialsFromUs() throws IOException {
        GitSmartHttpServer ours = serverAccepting(basicAuthorization(USERNAME, token));
        GitSmartHttpServer other = serverAccepting(basicAuthorization("other-user", "other-password"));
        Map<String, String> env = withParameters(baseEnvironment(), ours.origin(), basic(token));

        RealGit.Result result = git.run(clones, asJenkinsLaunches(env), "clone", other.url(REPOSITORY), "other");

        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(other.receivedAuthorizations().stream().allMatch(Optional::isEmpty));
    }

    @Test
    void nestedBlocksForTwoOriginsKeepEachToken() throws IOException {
        String otherToken = newToken();
        GitSmartHttpServer outer = serverAccepting(basicAuthorization(USERNAME, token));
        GitSmartHttpServer inner = serverAccepting(basicAuthorization("oauth2", otherToken));
        Map<String, String> outerEnv = withParameters(baseEnvironment(), outer.origin(), basic(token));
        Map<String, String> innerEnv = withParameters(outerEnv, inner.origin(),
                new GitLogin.Basic("oauth2", SecretText.of(otherToken)));

        git.run(clones, asJenkinsLaunches(innerEnv), "clone", "-q", outer.url(REPOSITORY), "outer").requireSuccess();
        git.run(clones, asJenkinsLaunches(innerEnv), "clone", "-q", inner.url(REPOSITORY), "inner").requireSuccess();
    }

    @Test
    void tokenFileVariantFollowsTheFile() throws IOException {
        AtomicReference<String> accepted = new AtomicReference<>(token);
        GitSmartHttpServer server = new GitSmartHttpServer(serverRoot, backendHome,
                authorization -> authorization.equals(Optional.of(basicAuthorization(USERNAME, accepted.get()))));
        servers.add(server);
        Path tokenFile = Files.createDirectory(dir.resolve("ws@tmp")).resolve("token");
        Files.writeString(tokenFile, token);
        Map<String, String> env = new LinkedHashMap<>(baseEnvironment());
        env.putAll(GitCredentialEnvironment.createInConfigParametersReadingTokenFile(
                server.origin(), USERNAME, tokenFile.toString(), baseEnvironment()).variables());
        Path clone = clones.resolve("file");
        git.run(clones, asJenkinsLaunches(env), "clone", "-q", server.url(REPOSITORY), clone.toString())
                .requireSuccess();

        String fresh = newToken();
        accepted.set(fresh);
        Files.writeString(tokenFile, fresh + "\n");

        git.run(clone, asJenkinsLaunches(env), "fetch", "-q", "origin").requireSuccess();
        assertTrue(env.values().stream().noneMatch(value -> value.contains(token) || value.contains(fresh)));
    }

    private Path cloneAndPush(GitSmartHttpServer server, Map<String, String> env, String name) throws IOException {
        Map<String, String> launched = asJenkinsLaunches(env);
        Path clone = clones.resolve(name);
        git.run(clones, launched, "clone", "-q", server.url(REPOSITORY), clone.toString()).requireSuccess();
        Files.writeString(clone.resolve("pushed.txt"), "written by " + name + "\n");
        git.run(clone, launched, "add", "pushed.txt").requireSuccess();
        git.run(clone, launched, "commit", "-q", "-m", "Pushed with " + name).requireSuccess();
        git.run(clone, launched, "push", "-q", "origin", "main").requireSuccess();
        String served = git.run(dir, baseEnvironment(), "--git-dir=" + serverRoot.resolve(REPOSITORY),
                "log", "-1", "--format=%s", "main").requireSuccess().output().strip();
        assertEquals("Pushed with " + name, served);
        return clone;
    }

    /** What a process started by a Jenkins launcher receives: the same variables minus every empty one. */
    private static Map<String, String> asJenkinsLaunches(Map<String, String> env) {
        Map<String, String> launched = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            if (!value.isEmpty()) {
                launched.put(name, value);
            }
        });
        return launched;
    }

    private static Map<String, String> withParameters(Map<String, String> inherited, String origin, GitLogin login) {
        Map<String, String> env = new LinkedHashMap<>(inherited);
        env.putAll(GitCredentialEnvironment.createInConfigParameters(origin, login, inherited).variables());
        return env;
    }

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
        for (Path file : files) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            forms.forEach(form -> assertFalse(content.contains(form), "token found in " + file));
        }
    }

    private GitSmartHttpServer serverAccepting(String expectedAuthorization) throws IOException {
        GitSmartHttpServer server = new GitSmartHttpServer(
                serverRoot, backendHome, authorization -> authorization.equals(Optional.of(expectedAuthorization)));
        servers.add(server);
        return server;
    }

    private void configure(Path configFile, String key, String value) throws IOException {
        git.run(dir, baseEnvironment(), "config", "--file", configFile.toString(), "--add", key, value)
                .requireSuccess();
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

    private static GitLogin basic(String token) {
        return new GitLogin.Basic(USERNAME, SecretText.of(token));
    }

    private static String basicAuthorization(String username, String password) {
        return "Basic " + base64(username + ":" + password);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String newToken() {
        return "ghs_" + UUID.randomUUID().toString().replace("-", "");
    }
}
