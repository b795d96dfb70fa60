package io.jenkins.plugins.githostcredentials.core.git;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A git release number read from {@code git --version}, to tell before a build whether the agent's git
 * understands {@link GitCredentialEnvironment}: older git silently ignores {@code GIT_CONFIG_COUNT} and would
 * fail with "terminal prompts disabled" instead.
 */
public record GitVersion(int major, int minor, int patch) implements Comparable<GitVersion> {

    /** First release that reads {@code GIT_CONFIG_COUNT}/{@code GIT_CONFIG_KEY_n}/{@code GIT_CONFIG_VALUE_n}. */
    public static final GitVersion CONFIG_ENVIRONMENT_MINIMUM = new GitVersion(2, 31, 0);

    // "git version 2.39.5", "git version 2.45.1.windows.1", "git version 2.39.3 (Apple Git-146)"
    private static final Pattern VERSION = Pattern.compile("git version (\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    /**
     * Reads the output of {@code git --version}.
     *
     * @throws IllegalArgumentException if the text is not {@code git --version} output
     */
    public static GitVersion parse(String versionOutput) {
        Matcher matcher = VERSION.matcher(versionOutput == null ? "" : versionOutput.strip());
        if (!matcher.lookingAt()) {
            throw new IllegalArgumentException("Expected the output of 'git --version' such as 'git version 2.43.0', got '"
                    + versionOutput + "'. Check that git is installed and on the PATH of the agent.");
        }
        return new GitVersion(
                Integer.parseInt(matcher.group(1)),
                Integer.parseInt(matcher.group(2)),
                matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3)));
    }

    /** Whether this git reads the environment configuration that {@link GitCredentialEnvironment} produces. */
    public boolean supportsConfigEnvironment() {
        return compareTo(CONFIG_ENVIRONMENT_MINIMUM) >= 0;
    }

    @Override
    public int compareTo(GitVersion other) {
        int byMajor = Integer.compare(major, other.major);
        if (byMajor != 0) {
            return byMajor;
        }
        int byMinor = Integer.compare(minor, other.minor);
        return byMinor != 0 ? byMinor : Integer.compare(patch, other.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
