package io.jenkins.plugins.githostcredentials.core.github;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** Checks that a text shown to people contains no line of a pasted key and no token. */
final class SecretLeakAssertions {

    private SecretLeakAssertions() {}

    /** No base64 line of the key (nor any 16-character piece of its body) appears in {@code shown}. */
    static void assertNoKeyMaterial(String pastedKey, String shown) {
        if (pastedKey == null || shown == null) {
            return;
        }
        for (String line : pastedKey.split("[\\r\\n]+|\\\\n")) {
            String content = line.strip();
            if (content.startsWith("-----") || content.contains(":") || content.length() < 16) {
                continue; // BEGIN/END lines and headers are labels, not secrets
            }
            for (int i = 0; i + 16 <= content.length(); i += 16) {
                String piece = content.substring(i, i + 16);
                assertFalse(shown.contains(piece), () -> "key material leaked into: " + shown);
            }
        }
    }

    static void assertNoSecret(String secret, String shown) {
        if (shown != null) {
            assertFalse(shown.contains(secret), () -> "secret leaked into: " + shown);
        }
    }
}
