package io.jenkins.plugins.githostcredentials.core.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GitVersionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "git version 2.39.5|2.39.5|true",
        "git version 2.45.1.windows.1|2.45.1|true",
        "git version 2.39.3 (Apple Git-146)|2.39.3|true",
        "git version 2.31.0|2.31.0|true",
        "git version 2.30.9|2.30.9|false",
        "git version 2.25.1|2.25.1|false",
        "git version 1.8.3.1|1.8.3|false",
        "git version 3.0|3.0.0|true",
    })
    void readsVersionOutputOfEachPlatform(String output, String version, boolean supported) {
        GitVersion parsed = GitVersion.parse(output + "\n");
        assertEquals(version, parsed.toString());
        assertEquals(supported, parsed.supportsConfigEnvironment());
    }

    @Test
    void ordersNumerically() {
        assertTrue(GitVersion.parse("git version 2.100.0").compareTo(GitVersion.parse("git version 2.31.0")) > 0);
        assertTrue(GitVersion.parse("git version 2.31.10").compareTo(GitVersion.parse("git version 2.31.9")) > 0);
        assertFalse(new GitVersion(1, 99, 99).supportsConfigEnvironment());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bash: git: command not found", "version 2.39.5", "git version x.y"})
    void somethingElseIsRejectedWithAHint(String output) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GitVersion.parse(output));
        assertTrue(e.getMessage().contains("git --version") && e.getMessage().contains("PATH"), e.getMessage());
    }

    @Test
    void installedGitIsReadAndSupported() {
        GitVersion installed = GitVersion.parse(RealGit.assumeInstalled());
        assertTrue(installed.supportsConfigEnvironment(),
                () -> "git " + installed + " is older than " + GitVersion.CONFIG_ENVIRONMENT_MINIMUM);
    }
}
