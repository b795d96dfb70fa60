package io.jenkins.plugins.githostcredentials.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.Run;
import hudson.util.Secret;
import io.jenkins.plugins.githostcredentials.credentials.GitHubAppKeyCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.jvnet.hudson.test.JenkinsRule;

/** Credentials, git and assertions the pipeline tests share. */
final class PipelineTestSupport {

    static final String APP_KEY = pkcs8Key();

    private PipelineTestSupport() {}

    static void store(Credentials credentials) throws IOException {
        SystemCredentialsProvider.getInstance().getCredentials().add(credentials);
        SystemCredentialsProvider.getInstance().save();
    }

    /** A GitHub App on the fake host, installed on {@code acme}, without default narrowing. */
    static GitHubAppKeyCredentials gitHubApp(String id, FakeGitHost host) throws Exception {
        GitHubAppKeyCredentials app = new GitHubAppKeyCredentials(CredentialsScope.GLOBAL, id, "CI app", "123456",
                Secret.fromString(APP_KEY), host.url());
        app.setOwner("acme");
        return app;
    }

    /** Skips a test that needs the real git when none is installed. */
    static void assumeGit() {
        try {
            Process git = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
            Assumptions.assumeTrue(git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0, "git --version failed");
        } catch (IOException e) {
            Assumptions.abort("git is not installed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The secret in none of the files of the build directory (log, build.xml, program.dat while running, ...). */
    static void assertNotInBuildDirectory(Run<?, ?> build, String secret) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(build.getRootDir().toPath())) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        assertFalse(files.isEmpty(), "no file in the build directory");
        List<String> forms = List.of(secret, Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        for (Path file : files) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String form : forms) {
                assertFalse(content.contains(form), "a secret is in " + build.getRootDir().toPath().relativize(file));
            }
        }
    }

    /** Waits (up to 20 s) for something that happens on another thread, such as a revocation after an abort. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

    static void assertLogHasNo(JenkinsRule r, Run<?, ?> build, List<String> secrets) throws IOException {
        for (String secret : secrets) {
            r.assertLogNotContains(secret, build);
        }
    }

    private static String pkcs8Key() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
            return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
