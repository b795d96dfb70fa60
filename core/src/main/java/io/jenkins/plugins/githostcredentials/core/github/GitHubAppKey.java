package io.jenkins.plugins.githostcredentials.core.github;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A GitHub App private key, read from whatever form an administrator pastes: the PKCS#1 file GitHub downloads
 * ({@code BEGIN RSA PRIVATE KEY}), PKCS#8 ({@code BEGIN PRIVATE KEY}), with CRLF line endings, surrounding
 * whitespace, newlines flattened to spaces or to literal {@code \n}, or the whole PEM encoded once more as one
 * base64 blob (a common way to store it in a secret manager).
 *
 * <p>Nothing here ever shows key material: {@link #toString()} shows the size and the {@linkplain #fingerprint()
 * fingerprint} GitHub displays, and every error message describes the input without quoting it.
 */
public final class GitHubAppKey {

    private static final Pattern BEGIN_LINE = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");
    private static final Pattern BASE64_BODY = Pattern.compile("[A-Za-z0-9+/]*={0,2}");
    /** RFC 8410: Ed25519 is 1.3.101.112, Ed448 1.3.101.113, X25519/X448 next to them. */
    private static final String EDWARDS_CURVE_ARC = "1.3.101.";
    private static final Pattern BASE64_BLOB = Pattern.compile("[A-Za-z0-9+/_\\-]+={0,2}");

    private static final String HOW_TO_GET_A_KEY =
            "In GitHub open the app's settings (Settings > Developer settings > GitHub Apps > your app), "
                    + "under 'Private keys' click 'Generate a private key', and paste the whole downloaded .pem file.";

    private final PrivateKey privateKey;
    private final RSAPublicKey publicKey;
    private final String fingerprint;
    private final String format;

    private GitHubAppKey(PrivateKey privateKey, RSAPublicKey publicKey, String format) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.format = format;
        this.fingerprint = fingerprintOf(publicKey);
    }

    /**
     * Reads a GitHub App private key.
     *
     * @throws InvalidAppKeyException with a message that says what was pasted and what to do instead
     */
    public static GitHubAppKey parse(String pastedKey) {
        if (pastedKey == null || pastedKey.isBlank()) {
            throw new InvalidAppKeyException("The private key is empty. " + HOW_TO_GET_A_KEY);
        }
        String text = normalizeLineBreaks(pastedKey);
        if (!text.contains("-----BEGIN")) {
            text = unwrapBase64Blob(text);
        }
        return parsePem(text);
    }

    /**
     * The fingerprint GitHub shows next to each private key of an app:
     * {@code SHA256:} + base64(SHA-256(DER SubjectPublicKeyInfo)). Compare it to the app's settings page to tell
     * which key is configured, without revealing the key.
     */
    public String fingerprint() {
        return fingerprint;
    }

    /** The RSA modulus size in bits (GitHub issues 2048-bit keys). */
    public int bits() {
        return publicKey.getModulus().bitLength();
    }

    /** "PKCS#1" or "PKCS#8": the form the key was pasted in. */
    public String format() {
        return format;
    }

    public RSAPublicKey publicKey() {
        return publicKey;
    }

    /** Only the JWT signer uses the private key; it never leaves this package. */
    PrivateKey privateKey() {
        return privateKey;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GitHubAppKey other && fingerprint.equals(other.fingerprint);
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    @Override
    public String toString() {
        return "GitHubAppKey[RSA " + bits() + ", " + fingerprint + "]";
    }

    static String fingerprintOf(RSAPublicKey publicKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
            return "SHA256:" + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this Java runtime", e);
        }
    }

    // ---- reading the text ----

    /** CRLF, lone CR, and literal backslash-n (keys copied out of JSON or .env files) all become LF. */
    private static String normalizeLineBreaks(String input) {
        String text = input.strip().replace("\r\n", "\n").replace('\r', '\n');
        if (!text.contains("\n") && text.contains("\\n")) {
            text = text.replace("\\n", "\n");
        }
        return text;
    }

    /** No PEM header: either the whole PEM base64-encoded once more, or a bare DER body without its header lines. */
    private static String unwrapBase64Blob(String text) {
        if (text.startsWith("ssh-") || text.startsWith("ecdsa-sha2-")) {
            throw new InvalidAppKeyException("This is an SSH public key, not a GitHub App private key. " + HOW_TO_GET_A_KEY);
        }
        String compact = text.replaceAll("\\s+", "");
        if (!BASE64_BLOB.matcher(compact).matches()) {
            throw notAKey();
        }
        byte[] decoded;
        try {
            decoded = compact.contains("-") || compact.contains("_")
                    ? Base64.getUrlDecoder().decode(compact)
                    : Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw notAKey();
        }
        String decodedText = new String(decoded, StandardCharsets.UTF_8);
        if (decodedText.contains("-----BEGIN")) {
            return normalizeLineBreaks(decodedText);
        }
        return pemForBareDer(decoded);
    }

    /** Labels a header-less DER body by its ASN.1 shape so the PEM path can read (or explain) it. */
    private static String pemForBareDer(byte[] der) {
        ASN1Sequence sequence;
        try {
            sequence = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (Exception e) {
            throw notAKey();
        }
        if (sequence == null || sequence.size() < 2) {
            throw notAKey();
        }
        ASN1Encodable first = sequence.getObjectAt(0);
        ASN1Encodable second = sequence.getObjectAt(1);
        String label;
        if (first instanceof ASN1Sequence && second instanceof ASN1BitString) {
            label = "PUBLIC KEY";
        } else if (first instanceof ASN1Sequence) {
            label = "CERTIFICATE";
        } else if (second instanceof ASN1Sequence) {
            label = "PRIVATE KEY";
        } else {
            label = "RSA PRIVATE KEY";
        }
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    private static GitHubAppKey parsePem(String text) {
        List<PemBlock> blocks = PemBlock.findAll(text);
        if (blocks.isEmpty()) {
            throw notAKey();
        }
        PemBlock block = blocks.stream().filter(PemBlock::isPrivateKey).findFirst().orElse(blocks.get(0));
        rejectUnusableLabel(block);
        if (!block.complete) {
            throw new InvalidAppKeyException("The private key is cut off: the '-----END " + block.label
                    + "-----' line is missing. Paste the whole .pem file, from the BEGIN line to the END line.");
        }
        if (block.encryptedByHeader()) {
            throw encrypted();
        }
        String body = block.bodyWithoutHeaders().replaceAll("\\s+", "");
        if (body.isEmpty()) {
            throw new InvalidAppKeyException("The private key has BEGIN and END lines but nothing between them. "
                    + "Paste the whole .pem file.");
        }
        if (!BASE64_BODY.matcher(body).matches() || body.length() % 4 != 0) {
            throw damaged();
        }
        return read(block.label, body);
    }

    private static void rejectUnusableLabel(PemBlock block) {
        switch (block.label) {
            case "RSA PRIVATE KEY", "PRIVATE KEY" -> {
                // readable below
            }
            case "ENCRYPTED PRIVATE KEY" -> throw encrypted();
            case "EC PRIVATE KEY" -> throw notRsa("an EC (elliptic curve) key");
            case "DSA PRIVATE KEY" -> throw notRsa("a DSA key");
            case "OPENSSH PRIVATE KEY" -> throw new InvalidAppKeyException(
                    "This is an SSH private key (OpenSSH format), not a GitHub App private key. " + HOW_TO_GET_A_KEY);
            case "PUBLIC KEY", "RSA PUBLIC KEY", "SSH2 PUBLIC KEY" -> throw new InvalidAppKeyException(
                    "This is a public key. The app needs its private key (the .pem file GitHub downloads, starting "
                            + "with '-----BEGIN RSA PRIVATE KEY-----'). " + HOW_TO_GET_A_KEY);
            case "CERTIFICATE", "TRUSTED CERTIFICATE", "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST", "X509 CRL" ->
                throw new InvalidAppKeyException("This is a certificate, not a private key. GitHub Apps do not use "
                        + "certificates. " + HOW_TO_GET_A_KEY);
            default -> throw new InvalidAppKeyException("This PEM block is labelled '" + block.label
                    + "', not a private key. " + HOW_TO_GET_A_KEY);
        }
    }

    private static GitHubAppKey read(String label, String base64Body) {
        String canonical = "-----BEGIN " + label + "-----\n" + wrap(base64Body) + "-----END " + label + "-----\n";
        Object parsed;
        try (PEMParser parser = new PEMParser(new StringReader(canonical))) {
            parsed = parser.readObject();
        } catch (Exception e) {
            // Bouncy Castle's messages describe ASN.1 internals; ours says what to do. No key text is echoed.
            throw damaged();
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (parsed instanceof PEMKeyPair pair) {
                requireRsa(pair.getPrivateKeyInfo());
                return fromPrivateKey(converter.getPrivateKey(pair.getPrivateKeyInfo()), "PKCS#1");
            }
            if (parsed instanceof PrivateKeyInfo info) {
                requireRsa(info);
                return fromPrivateKey(converter.getPrivateKey(info), "PKCS#8");
            }
        } catch (InvalidAppKeyException e) {
            throw e;
        } catch (Exception e) {
            throw damaged();
        }
        throw damaged();
    }

    private static void requireRsa(PrivateKeyInfo info) {
        ASN1ObjectIdentifier algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            return;
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
            throw notRsa("an EC (elliptic curve) key");
        }
        if (algorithm.getId().startsWith(EDWARDS_CURVE_ARC)) {
            throw notRsa("an Ed25519 (or other Edwards-curve) key");
        }
        if (X9ObjectIdentifiers.id_dsa.equals(algorithm)) {
            throw notRsa("a DSA key");
        }
        throw notRsa("not an RSA key");
    }

    private static GitHubAppKey fromPrivateKey(PrivateKey key, String format) throws GeneralSecurityException {
        if (!(key instanceof RSAPrivateCrtKey crt) || crt.getPublicExponent() == null) {
            throw new InvalidAppKeyException("This RSA private key lacks its public part, so it cannot be checked "
                    + "against GitHub. " + HOW_TO_GET_A_KEY);
        }
        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        return new GitHubAppKey(key, publicKey, format);
    }

    private static String wrap(String base64) {
        StringBuilder wrapped = new StringBuilder(base64.length() + base64.length() / 64 + 1);
        for (int i = 0; i < base64.length(); i += 64) {
            wrapped.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
        }
        return wrapped.toString();
    }

    private static InvalidAppKeyException notAKey() {
        return new InvalidAppKeyException("This does not look like a private key. Paste the whole .pem file, "
                + "including the '-----BEGIN RSA PRIVATE KEY-----' and '-----END RSA PRIVATE KEY-----' lines. "
                + HOW_TO_GET_A_KEY);
    }

    private static InvalidAppKeyException damaged() {
        return new InvalidAppKeyException("The private key is damaged or incomplete: its content between the BEGIN "
                + "and END lines cannot be read. Paste the whole .pem file again without editing it, or generate a "
                + "new key. " + HOW_TO_GET_A_KEY);
    }

    private static InvalidAppKeyException encrypted() {
        return new InvalidAppKeyException("This private key is encrypted with a passphrase. GitHub keys are not "
                + "encrypted: download a new key from the app's settings ('Generate a private key') and paste it "
                + "unchanged.");
    }

    private static InvalidAppKeyException notRsa(String what) {
        return new InvalidAppKeyException("This is " + what + ". GitHub App keys are RSA keys "
                + "('-----BEGIN RSA PRIVATE KEY-----'). " + HOW_TO_GET_A_KEY);
    }

    /** One {@code -----BEGIN X----- ... -----END X-----} section of the pasted text. */
    private record PemBlock(String label, String body, boolean complete) {

        static List<PemBlock> findAll(String text) {
            List<PemBlock> blocks = new ArrayList<>();
            Matcher begin = BEGIN_LINE.matcher(text);
            int from = 0;
            while (begin.find(from)) {
                String label = begin.group(1).trim();
                String endLine = "-----END " + label + "-----";
                int end = text.indexOf(endLine, begin.end());
                if (end < 0) {
                    blocks.add(new PemBlock(label, text.substring(begin.end()), false));
                    break;
                }
                blocks.add(new PemBlock(label, text.substring(begin.end(), end), true));
                from = end + endLine.length();
            }
            return blocks;
        }

        boolean isPrivateKey() {
            return label.endsWith("PRIVATE KEY");
        }

        /** Legacy OpenSSL encryption announces itself with RFC 1421 headers inside the block. */
        boolean encryptedByHeader() {
            String upper = body.toUpperCase(Locale.ROOT);
            return (upper.contains("PROC-TYPE:") && upper.contains("ENCRYPTED")) || upper.contains("DEK-INFO:");
        }

        /** The base64 content; header lines ("Name: value") are dropped, base64 never contains a colon. */
        String bodyWithoutHeaders() {
            StringBuilder content = new StringBuilder();
            for (String line : body.split("\n")) {
                if (!line.contains(":")) {
                    content.append(line);
                }
            }
            return content.toString();
        }
    }
}
