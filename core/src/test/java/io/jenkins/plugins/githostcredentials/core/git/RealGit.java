package io.jenkins.plugins.githostcredentials.core.git;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the real {@code git} with an exact environment, and remembers every command line it started. */
final class RealGit {

    private static final long TIMEOUT_SECONDS = 30;

    private final Path logDirectory;
    private final List<List<String>> commandLines = new ArrayList<>();
    private int runs;

    /** @param logDirectory where each run's output is kept; keep it apart from the directories checked for leaks */
    RealGit(Path logDirectory) {
        this.logDirectory = logDirectory;
    }

    record Result(int exitCode, String output) {
        Result requireSuccess() {
            assertTrue(exitCode == 0, () -> "git failed with exit code " + exitCode + ":\n" + output);
            return this;
        }
    }

    /** Skips the calling test, saying why on the console too, when no git can be run; returns its version line. */
    static String assumeInstalled() {
        String output;
        try {
            Process process = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) && process.exitValue() == 0) {
                return output;
            }
        } catch (IOException e) {
            output = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        String reason = "Skipping: these tests need git on the PATH; 'git --version' failed: " + output;
        System.err.println(reason);
        return Assumptions.abort(reason);
    }

    /** Directory of git's helper programs, where {@code git-http-backend} lives. */
    static Path execPath() throws IOException {
        Process process = new ProcessBuilder("git", "--exec-path").start();
        return Path.of(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    }

    /**
     * Runs {@code git args} in {@code directory} with exactly {@code environment} (nothing inherited from this
     * JVM) and no standard input, failing the test if git is still running after the timeout.
     */
    Result run(Path directory, Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        commandLines.add(List.copyOf(command));
        Path output = logDirectory.resolve("git-run-" + (++runs) + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("git " + String.join(" ", args) + " still running after "
                        + TIMEOUT_SECONDS + " s (waiting for a password?)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    /** Every command line {@link #run} started. */
    List<List<String>> commandLines() {
        return List.copyOf(commandLines);
    }
}
