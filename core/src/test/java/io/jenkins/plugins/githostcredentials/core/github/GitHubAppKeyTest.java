package io.jenkins.plugins.githostcredentials.core.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GitHubAppKeyTest {

    private static final KeyPair PAIR = TestKeys.RSA;

    static String expectedFingerprint() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(PAIR.getPublic().getEncoded());
        return "SHA256:" + Base64.getEncoder().encodeToString(digest);
    }

    static Stream<Arguments> acceptedForms() {
        String pkcs1 = TestKeys.pkcs1(PAIR);
        String pkcs8 = TestKeys.pkcs8(PAIR);
        return Stream.of(
                Arguments.of("PKCS#1 as GitHub downloads it", pkcs1, "PKCS#1"),
                Arguments.of("PKCS#8", pkcs8, "PKCS#8"),
                Arguments.of("PKCS#1 with CRLF", pkcs1.replace("\n", "\r\n"), "PKCS#1"),
                Arguments.of("PKCS#8 with CRLF", pkcs8.replace("\n", "\r\n"), "PKCS#8"),
                Arguments.of("surrounding whitespace", "\n\n   \t" + pkcs1 + "  \n\n", "PKCS#1"),
                Arguments.of("indented lines", pkcs1.replace("\n", "\n    "), "PKCS#1"),
                Arguments.of("newlines flattened to spaces", pkcs1.replace("\n", " "), "PKCS#1"),
                Arguments.of("literal backslash-n from JSON", pkcs1.replace("\n", "\\n"), "PKCS#1"),
                Arguments.of("whole PEM as one base64 blob", base64(pkcs1), "PKCS#1"),
                Arguments.of("whole PKCS#8 PEM as base64 with line breaks",
                        Base64.getMimeEncoder().encodeToString(pkcs8.getBytes(StandardCharsets.US_ASCII)), "PKCS#8"),
                Arguments.of("base64 blob of a CRLF PEM", base64(pkcs1.replace("\n", "\r\n")), "PKCS#1"),
                Arguments.of("bare PKCS#8 body without header lines",
                        Base64.getMimeEncoder().encodeToString(PAIR.getPrivate().getEncoded()), "PKCS#8"),
                Arguments.of("certificate before the key",
                        certificateOrEmpty() + pkcs1, "PKCS#1"));
    }

    private static String certificateOrEmpty() {
        try {
            return TestKeys.selfSignedCertificate(PAIR);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedForms")
    void acceptsWhatUsersPaste(String form, String pasted, String format) throws Exception {
        GitHubAppKey key = GitHubAppKey.parse(pasted);
        assertEquals(expectedFingerprint(), key.fingerprint());
        assertEquals(format, key.format());
        assertEquals(2048, key.bits());
        assertEquals(PAIR.getPublic(), key.publicKey());
    }

    @Test
    void fingerprintIsSha256OfTheDerPublicKeyInGitHubsNotation() throws Exception {
        String fingerprint = GitHubAppKey.parse(TestKeys.pkcs1(PAIR)).fingerprint();
        assertTrue(fingerprint.startsWith("SHA256:"));
        byte[] digest = Base64.getDecoder().decode(fingerprint.substring("SHA256:".length()));
        assertEquals(32, digest.length);
        assertEquals(expectedFingerprint(), fingerprint);
        // the same key in both forms is the same key
        assertEquals(GitHubAppKey.parse(TestKeys.pkcs1(PAIR)), GitHubAppKey.parse(TestKeys.pkcs8(PAIR)));
    }

    @Test
    void differentKeysHaveDifferentFingerprints() {
        KeyPair other = TestKeys.otherRsa();
        assertFalse(GitHubAppKey.parse(TestKeys.pkcs1(other)).fingerprint()
                .equals(GitHubAppKey.parse(TestKeys.pkcs1(PAIR)).fingerprint()));
    }

    @Test
    void toStringShowsOnlySizeAndFingerprint() throws Exception {
        GitHubAppKey key = GitHubAppKey.parse(TestKeys.pkcs1(PAIR));
        assertEquals("GitHubAppKey[RSA 2048, " + expectedFingerprint() + "]", key.toString());
    }

    // ---- errors ----

    @Test
    void encryptedPkcs8KeyIsExplained() throws Exception {
        assertMessage(TestKeys.encryptedPkcs8(PAIR), "encrypted", "download a new key", "GitHub keys are not encrypted");
    }

    @Test
    void legacyEncryptedPkcs1KeyIsExplained() throws Exception {
        String pem = TestKeys.encryptedPkcs1(PAIR);
        assertTrue(pem.contains("Proc-Type: 4,ENCRYPTED"), "the test key really is legacy-encrypted");
        assertMessage(pem, "encrypted", "GitHub keys are not encrypted");
        assertMessage(pem.replace("\n", "\r\n"), "encrypted");
    }

    @Test
    void ecKeysAreRejectedAsNotRsa() throws Exception {
        KeyPair ec = TestKeys.generate("EC", 256);
        assertMessage(TestKeys.pkcs8(ec), "EC (elliptic curve)", "RSA");
        assertMessage(TestKeys.ecTraditional(ec), "EC (elliptic curve)", "RSA");
    }

    @Test
    void ed25519KeyIsRejectedAsNotRsa() {
        KeyPair ed = TestKeys.generate("Ed25519", 0);
        assertMessage(TestKeys.pkcs8(ed), "Ed25519", "RSA");
    }

    @Test
    void publicKeyPastedByMistake() {
        assertMessage(TestKeys.publicKey(PAIR), "public key", "private key");
        assertMessage(TestKeys.pem("RSA PUBLIC KEY", new byte[] {1, 2, 3}), "public key");
        assertMessage(Base64.getMimeEncoder().encodeToString(PAIR.getPublic().getEncoded()), "public key");
        assertMessage("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 user@host", "SSH public key");
    }

    @Test
    void certificatePastedByMistake() throws Exception {
        assertMessage(TestKeys.selfSignedCertificate(PAIR), "certificate", "not a private key");
    }

    @Test
    void openSshPrivateKeyIsExplained() {
        assertMessage(TestKeys.pem("OPENSSH PRIVATE KEY", new byte[] {1, 2, 3, 4}), "SSH private key");
    }

    @Test
    void missingEndLineIsReportedAsCutOff() {
        String pem = TestKeys.pkcs1(PAIR);
        String truncated = pem.substring(0, pem.indexOf("-----END"));
        assertMessage(truncated, "cut off", "-----END RSA PRIVATE KEY-----");
        assertMessage(pem.substring(0, pem.length() / 2), "cut off");
    }

    @Test
    void missingLinesInTheMiddleAreReportedAsDamaged() {
        String pem = TestKeys.pkcs1(PAIR);
        String[] lines = pem.split("\n");
        StringBuilder shortened = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i < 5 || i > 9) {
                shortened.append(lines[i]).append('\n');
            }
        }
        assertMessage(shortened.toString(), "damaged or incomplete");
    }

    @Test
    void garbageIsRejected() {
        assertMessage("", "empty");
        assertMessage("   \n ", "empty");
        assertMessage(null, "empty");
        assertMessage("hello world, this is my key!", "does not look like a private key");
        assertMessage("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "does not look like a private key");
        assertMessage("-----BEGIN RSA PRIVATE KEY-----\nnot base64 at all!\n-----END RSA PRIVATE KEY-----", "damaged");
        assertMessage("-----BEGIN RSA PRIVATE KEY-----\n-----END RSA PRIVATE KEY-----", "nothing between");
        assertMessage(TestKeys.pem("RSA PRIVATE KEY", new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}), "damaged");
        assertMessage(TestKeys.pem("PRIVATE KEY", "just some bytes".getBytes(StandardCharsets.US_ASCII)), "damaged");
        assertMessage(Base64.getEncoder().encodeToString("plain text, not a PEM".getBytes(StandardCharsets.US_ASCII)),
                "does not look like a private key");
    }

    @Test
    void unknownPemBlockIsNamed() {
        assertMessage(TestKeys.pem("PGP PRIVATE KEY BLOCK", new byte[] {1, 2, 3}), "PGP PRIVATE KEY BLOCK");
        assertMessage(TestKeys.pem("DH PARAMETERS", new byte[] {1, 2, 3}), "labelled 'DH PARAMETERS'");
    }

    private static void assertMessage(String pasted, String... fragments) {
        InvalidAppKeyException error = assertThrows(InvalidAppKeyException.class, () -> GitHubAppKey.parse(pasted));
        for (String fragment : fragments) {
            assertTrue(error.getMessage().contains(fragment), () -> "expected '" + fragment + "' in: " + error.getMessage());
        }
        SecretLeakAssertions.assertNoKeyMaterial(pasted, error.getMessage());
        assertEquals(null, error.getCause(), "no parser exception (which might quote input) is chained");
    }
}
