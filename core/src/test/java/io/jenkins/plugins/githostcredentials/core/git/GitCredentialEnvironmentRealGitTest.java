package io.jenkins.plugins.githostcredentials.core.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.host.GitLogin;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drives the real {@code git} against a real smart-HTTP server ({@code git http-backend}) with exactly the
 * variables {@link GitCredentialEnvironment} hands out, on top of a minimal environment whose HOME is a
 * temporary directory. Every git run gets its environment the way a Jenkins launcher passes it: with every
 * empty variable dropped.
 */
class GitCredentialEnvironmentRealGitTest {

    private static final String USERNAME = "x-access-token";
    private static final String REPOSITORY = "repo.git";

    @TempDir
    Path dir;

    private final String token = newToken();
    private final List<GitSmartHttpServer> servers = new ArrayList<>();
    private Path home;
    private Path clones;
    private Path logs;
    private Path markers;
    private Path serverRoot;
    private Path backendHome;
    private RealGit git;

    @BeforeEach
    void createServedRepository() throws IOException {
        RealGit.assumeInstalled();
        home = Files.createDirectory(dir.resolve("home"));
        clones = Files.createDirectory(dir.resolve("clones"));
        logs = Files.createDirectory(dir.resolve("logs"));
        markers = Files.createDirectory(dir.resolve("markers"));
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
    void basicLoginClonesAndPushesWithoutLeavingTheTokenAnywhere() throws IOException {
        GitSmartHttpServer server = serverAccepting(basicAuthorization(USERNAME, token));
        Map<String, String> env = withCredentials(baseEnvironment(), server.origin(), basicLogin(token));

        Path clone = cloneAndPush(server, env, "basic");

        assertTrue(server.receivedAuthorizations().contains(Optional.of(basicAuthorization(USERNAME, token))));
        assertFalse(env.get("GIT_CONFIG_PARAMETERS").contains(token), "the token stays in its own variable");
        assertTokenNowhere(token, home, clone);
        String trace = Files.readString(logs.resolve("git-trace.log"));
        assertTrue(trace.contains("GHC_GIT_TOKEN_"), "git's trace should show the helper's command line:\n" + trace);
    }

    @Test
    void bearerLoginClonesAndPushesThroughTheExtraHeader() throws IOException {
        GitSmartHttpServer server = serverAccepting("Bearer " + token);
        Map<String, String> env = withCredentials(baseEnvironment(), server.origin(), bearerLogin(token));

        Path clone = cloneAndPush(server, env, "bearer");

        assertTrue(server.receivedAuthorizations().stream().allMatch(a -> a.equals(Optional.of("Bearer " + token))),
                "every request, the first included, carries the bearer header");
        assertTokenNowhere(token, home, clone);
    }

    @ParameterizedTest
    @ValueSource(strings = {"basic", "bearer"})
    void wrongTokenFailsAtOnceWithoutAskingAnInheritedAskpassProgram(String kind) throws IOException {
        boolean basic = kind.equals("basic");
        GitSmartHttpServer server = serverAccepting(basic ? basicAuthorization(USERNAME, token) : "Bearer " + token);
        Path marker = markers.resolve("askpass-called");
        Path askpass = dir.resolve("askpass.sh");
        Files.writeString(askpass, "#!/bin/sh\ntouch '" + marker + "'\necho stale-password\n");
        assertTrue(askpass.toFile().setExecutable(true));
        Map<String, String> inherited = baseEnvironment();
        inherited.put("GIT_ASKPASS", askpass.toString());
        String wrongToken = newToken();
        GitLogin wrongLogin = basic ? basicLogin(wrongToken) : bearerLogin(wrongToken);
        Map<String, String> env = withCredentials(inherited, server.origin(), wrongLogin);

        RealGit.Result result = git.run(clones, launchedByJenkins(env), "clone", server.url(REPOSITORY), "wrong");

        assertNotEquals(0, result.exitCode());
        assertTrue(result.output().contains(basic ? "Authentication failed" : "told us to quit"), result.output());
        assertFalse(result.output().contains(wrongToken));
        String offered = basic ? basicAuthorization(USERNAME, wrongToken) : "Bearer " + wrongToken;
        assertTrue(server.receivedAuthorizations().contains(Optional.of(offered)), "the wrong token was offered, and refused");
        assertFalse(Files.exists(marker), "the inherited askpass program must not be asked");
    }

    @Test
    void inheritedCredentialHelpersAreNeitherAskedNorGivenTheToken() throws IOException {
        GitSmartHttpServer server = serverAccepting(basicAuthorization(USERNAME, token));
        Path marker = markers.resolve("inherited-helper-called");
        Path gitconfig = home.resolve(".gitconfig");
        configure(gitconfig, "credential.helper", staleHelper(marker, "any-origin"));
        configure(gitconfig, "credential." + server.origin() + ".helper", staleHelper(marker, "this-origin"));
        configure(gitconfig, "credential.helper", "store");

        // Control: without our variables the inherited helper answers, with its stale password.
        RealGit.Result control = git.run(clones, baseEnvironment(), "clone", server.url(REPOSITORY), "control");
        assertNotEquals(0, control.exitCode(), control.output());
        assertTrue(Files.readString(marker).contains("any-origin get"), "the inherited helper is live");
        Files.delete(marker);

        Map<String, String> env = withCredentials(baseEnvironment(), server.origin(), basicLogin(token));
        Path clone = clones.resolve("with-credentials");
        git.run(clones, launchedByJenkins(env), "clone", server.url(REPOSITORY), clone.toString()).requireSuccess();

        assertFalse(Files.exists(marker), "no inherited helper may be asked, nor told to store or erase");
        assertFalse(Files.exists(home.resolve(".git-credentials")), "the store helper must not get the token");
        assertTokenNowhere(token, home, clone);
    }

    /**
     * Configuration an enclosing step set through the environment ({@code GIT_CONFIG_PARAMETERS}, and
     * {@code GIT_CONFIG_COUNT} from outside Jenkins) stays in force, and {@code git -c} still adds to ours, but a
     * helper set there is reset for our origin like any other.
     */
    @Test
    void inheritedEnvironmentConfigurationStaysButItsHelpersAreReset() throws IOException {
        GitSmartHttpServer server = serverAccepting(basicAuthorization(USERNAME, token));
        Path marker = markers.resolve("environment-helper-called");
        Map<String, String> inherited = baseEnvironment();
        inherited.put("GIT_CONFIG_COUNT", "2");
        inherited.put("GIT_CONFIG_KEY_0", "user.email");
        inherited.put("GIT_CONFIG_VALUE_0", "inherited@example.com");
        inherited.put("GIT_CONFIG_KEY_1", "credential.helper");
        inherited.put("GIT_CONFIG_VALUE_1", staleHelper(marker, "count"));
        inherited.put("GIT_CONFIG_PARAMETERS", "'user.name=Inherited Name' 'credential.helper="
                + staleHelper(marker, "parameters").replace("'", "'\\''").replace("!", "'\\!'") + "'");

        // Control: the inherited environment's helpers are live (the first answers, both are told to erase).
        git.run(clones, launchedByJenkins(inherited), "clone", server.url(REPOSITORY), "control");
        String calls = Files.readString(marker);
        assertTrue(calls.contains("count get") && calls.contains("parameters erase"), calls);
        Files.delete(marker);

        Map<String, String> env = launchedByJenkins(withCredentials(inherited, server.origin(), basicLogin(token)));
        Path clone = clones.resolve("inherited-env");
        git.run(clones, env, "clone", "-q", server.url(REPOSITORY), clone.toString()).requireSuccess();
        git.run(clone, env, "-c", "core.abbrev=12", "fetch", "-q", "origin").requireSuccess();

        assertFalse(Files.exists(marker), "no inherited helper may be asked, nor told to store or erase");
        assertTrue(env.get("GIT_CONFIG_PARAMETERS").startsWith(inherited.get("GIT_CONFIG_PARAMETERS") + " "));
        assertEquals("Inherited Name", git.run(clone, env, "config", "user.name").requireSuccess().output().strip());
        assertEquals("inherited@example.com", git.run(clone, env, "config", "user.email").requireSuccess().output().strip());
    }

    /**
     * Why the configuration is in {@code GIT_CONFIG_PARAMETERS}: the same helper reset written as
     * {@code GIT_CONFIG_COUNT} entries is an empty variable, which a Jenkins launcher drops, and git then refuses to
     * start. Ours has no empty variable, so the launcher passes it whole.
     */
    @Test
    void aLauncherThatDropsEmptyVariablesPassesOurConfigurationWhole() throws IOException {
        GitSmartHttpServer server = serverAccepting(basicAuthorization(USERNAME, token));
        Map<String, String> countForm = baseEnvironment();
        countForm.put("GIT_CONFIG_COUNT", "1");
        countForm.put("GIT_CONFIG_KEY_0", "credential." + server.origin() + ".helper");
        countForm.put("GIT_CONFIG_VALUE_0", "");

        RealGit.Result control = git.run(clones, launchedByJenkins(countForm), "clone", server.url(REPOSITORY), "count");
        assertNotEquals(0, control.exitCode());
        assertTrue(control.output().contains("missing config value GIT_CONFIG_VALUE_0"), control.output());

        for (Map<String, String> env : List.of(
                withCredentials(baseEnvironment(), server.origin(), basicLogin(token)),
                withCredentials(baseEnvironment(), server.origin(), bearerLogin(token)),
                withTokenFile(baseEnvironment(), server.origin(), dir.resolve("unused-token-file")))) {
            assertEquals(env, launchedByJenkins(env));
        }
        git.run(clones, launchedByJenkins(withCredentials(baseEnvironment(), server.origin(), basicLogin(token))),
                "clone", "-q", server.url(REPOSITORY), "parameters").requireSuccess();
    }

    @Test
    void anotherOriginGetsNoCredentialsFromUs() throws IOException {
        GitSmartHttpServer ours = serverAccepting(basicAuthorization(USERNAME, token));
        GitSmartHttpServer other = serverAccepting(basicAuthorization("other-user", "other-password"));
        Map<String, GitLogin> logins = Map.of("basic", basicLogin(token), "bearer", bearerLogin(token));

        for (Map.Entry<String, GitLogin> login : logins.entrySet()) {
            Map<String, String> env = withCredentials(baseEnvironment(), ours.origin(), login.getValue());
            RealGit.Result result = git.run(clones, launchedByJenkins(env), "clone", other.url(REPOSITORY),
                    "other-" + login.getKey());

            assertNotEquals(0, result.exitCode(), result.output());
            assertTrue(result.output().contains("terminal prompts disabled"), result.output());
        }
        assertFalse(other.receivedAuthorizations().isEmpty());
        assertTrue(other.receivedAuthorizations().stream().allMatch(Optional::isEmpty),
                "the other origin must not receive any authorization: " + other.receivedAuthorizations().size());
    }

    @Test
    void anotherOriginKeepsItsInheritedHelper() throws IOException {
        GitSmartHttpServer ours = serverAccepting(basicAuthorization(USERNAME, token));
        GitSmartHttpServer other = serverAccepting(basicAuthorization("other-user", "other-password"));
        configure(home.resolve(".gitconfig"), "credential." + other.origin() + ".helper",
                "!f() { echo username=other-user; echo password=other-password; }; f");
        Map<String, String> env = withCredentials(baseEnvironment(), ours.origin(), basicLogin(token));

        git.run(clones, launchedByJenkins(env), "clone", other.url(REPOSITORY), "other").requireSuccess();

        assertTrue(other.receivedAuthorizations().stream()
                .noneMatch(a -> a.isPresent() && a.get().equals(basicAuthorization(USERNAME, token))));
    }

    @Test
    void nestedBlocksForTwoOriginsKeepEachToken() throws IOException {
        String otherToken = newToken();
        GitSmartHttpServer outer = serverAccepting(basicAuthorization(USERNAME, token));
        GitSmartHttpServer inner = serverAccepting(basicAuthorization("oauth2", otherToken));
        Map<String, String> outerEnv = withCredentials(baseEnvironment(), outer.origin(), basicLogin(token));
        Map<String, String> innerEnv = launchedByJenkins(withCredentials(outerEnv, inner.origin(),
                new GitLogin.Basic("oauth2", SecretText.of(otherToken))));

        git.run(clones, innerEnv, "clone", "-q", outer.url(REPOSITORY), "outer").requireSuccess();
        git.run(clones, innerEnv, "clone", "-q", inner.url(REPOSITORY), "inner").requireSuccess();

        assertTrue(outer.receivedAuthorizations().contains(Optional.of(basicAuthorization(USERNAME, token))));
        assertTrue(inner.receivedAuthorizations().contains(Optional.of(basicAuthorization("oauth2", otherToken))));
    }

    /** One git environment keeps working while the token behind it is replaced, as in a build outliving a token. */
    @Test
    void tokenFileLoginReadsTheCurrentTokenEachTime() throws IOException {
        AtomicReference<String> accepted = new AtomicReference<>(token);
        GitSmartHttpServer server = serverAccepting(() -> basicAuthorization(USERNAME, accepted.get()));
        Path tokenFile = Files.createDirectory(dir.resolve("workspace@tmp")).resolve("git-token");
        Files.writeString(tokenFile, token + "\n");
        Map<String, String> env = launchedByJenkins(withTokenFile(baseEnvironment(), server.origin(), tokenFile));
        Path clone = clones.resolve("clone");

        git.run(clones, env, "clone", "-q", server.url(REPOSITORY), clone.toString()).requireSuccess();

        String fresh = newToken();
        accepted.set(fresh);
        RealGit.Result stale = git.run(clone, env, "fetch", "-q", "origin");
        assertNotEquals(0, stale.exitCode(), "the host no longer accepts the first token: " + stale.output());

        Files.writeString(tokenFile, fresh);
        git.run(clone, env, "fetch", "-q", "origin").requireSuccess();

        assertTrue(server.receivedAuthorizations().contains(Optional.of(basicAuthorization(USERNAME, token))));
        assertTrue(server.receivedAuthorizations().contains(Optional.of(basicAuthorization(USERNAME, fresh))));
        for (String secret : List.of(token, fresh)) {
            assertTrue(env.values().stream().noneMatch(value -> value.contains(secret)), "no variable holds the token");
            assertTokenNowhere(secret, home, clone);
        }
    }

    @Test
    void missingTokenFileFailsInsteadOfWaitingForAPassword() throws IOException {
        GitSmartHttpServer server = serverAccepting(basicAuthorization(USERNAME, token));
        Map<String, String> env = withTokenFile(baseEnvironment(), server.origin(), dir.resolve("no-such-file"));

        RealGit.Result result = git.run(clones, launchedByJenkins(env), "clone", server.url(REPOSITORY), "no-file");

        assertNotEquals(0, result.exitCode());
        assertTrue(result.output().contains("Authentication failed"), result.output());
    }

    private Path cloneAndPush(GitSmartHttpServer server, Map<String, String> environment, String name)
            throws IOException {
        Map<String, String> env = launchedByJenkins(environment);
        Path clone = clones.resolve(name);
        git.run(clones, env, "clone", "-q", server.url(REPOSITORY), clone.toString()).requireSuccess();
        assertEquals("served over smart HTTP\n", Files.readString(clone.resolve("README.md")));

        Files.writeString(clone.resolve("pushed.txt"), "written by " + name + "\n");
        git.run(clone, env, "add", "pushed.txt").requireSuccess();
        git.run(clone, env, "commit", "-q", "-m", "Pushed with " + name).requireSuccess();
        git.run(clone, env, "push", "-q", "origin", "main").requireSuccess();

        String served = git.run(dir, baseEnvironment(), "--git-dir=" + serverRoot.resolve(REPOSITORY),
                "log", "-1", "--format=%s", "main").requireSuccess().output().strip();
        assertEquals("Pushed with " + name, served);
        return clone;
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
            String content = new String(readAll(file), StandardCharsets.ISO_8859_1);
            forms.forEach(form -> assertFalse(content.contains(form), "token found in " + file));
        }
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private GitSmartHttpServer serverAccepting(String expectedAuthorization) throws IOException {
        return serverAccepting(() -> expectedAuthorization);
    }

    /** A server that accepts only the {@code Authorization} header {@code expectedAuthorization} gives at the time. */
    private GitSmartHttpServer serverAccepting(Supplier<String> expectedAuthorization) throws IOException {
        GitSmartHttpServer server = new GitSmartHttpServer(serverRoot, backendHome,
                authorization -> authorization.equals(Optional.of(expectedAuthorization.get())));
        servers.add(server);
        return server;
    }

    private void configure(Path configFile, String key, String value) throws IOException {
        git.run(dir, baseEnvironment(), "config", "--file", configFile.toString(), "--add", key, value)
                .requireSuccess();
    }

    /** An inherited helper that would supply a stale password, and leaves a note whenever git calls it. */
    private static String staleHelper(Path marker, String label) {
        return "!f() { echo " + label + " \"$1\" >> '" + marker + "'; echo username=inherited;"
                + " echo password=stale-password; }; f";
    }

    /** A minimal environment with a private HOME, English messages and git's command trace switched on. */
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

    /** What a process started by a Jenkins launcher receives: the same variables minus every empty one. */
    private static Map<String, String> launchedByJenkins(Map<String, String> env) {
        Map<String, String> launched = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            if (!value.isEmpty()) {
                launched.put(name, value);
            }
        });
        return launched;
    }

    private static Map<String, String> withCredentials(Map<String, String> inherited, String origin, GitLogin login) {
        Map<String, String> env = new LinkedHashMap<>(inherited);
        env.putAll(GitCredentialEnvironment.forLogin(origin, login, inherited).variables());
        return env;
    }

    private static Map<String, String> withTokenFile(Map<String, String> inherited, String origin, Path tokenFile) {
        Map<String, String> env = new LinkedHashMap<>(inherited);
        env.putAll(GitCredentialEnvironment.readingTokenFile(origin, USERNAME, tokenFile.toString(), inherited)
                .variables());
        return env;
    }

    private static GitLogin basicLogin(String token) {
        return new GitLogin.Basic(USERNAME, SecretText.of(token));
    }

    private static GitLogin bearerLogin(String token) {
        return new GitLogin.BearerHeader(SecretText.of(token));
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
