package io.jenkins.plugins.githostcredentials.core.github;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Keys generated for tests, written as PEM in every form users paste. No key file is ever committed. */
final class TestKeys {

    /** One RSA 2048 key for the whole test run: generating one takes a noticeable fraction of a second. */
    static final KeyPair RSA = generate("RSA", 2048);

    /** A second RSA key, for "the key of another app"; generated on first use. */
    static KeyPair otherRsa() {
        return Other.RSA;
    }

    private static final class Other {
        static final KeyPair RSA = generate("RSA", 2048);
    }

    /** Only to write encrypted test keys; the code under test needs no provider registration. */
    private static final BouncyCastleProvider BOUNCY_CASTLE = new BouncyCastleProvider();

    private TestKeys() {}

    static KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (bits > 0) {
                generator.initialize(bits, new SecureRandom());
            }
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What GitHub downloads: PKCS#1, {@code BEGIN RSA PRIVATE KEY}. */
    static String pkcs1(KeyPair pair) {
        try {
            byte[] pkcs1 = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded();
            return pem("RSA PRIVATE KEY", pkcs1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8, {@code BEGIN PRIVATE KEY} (what {@code openssl pkcs8 -topk8 -nocrypt} writes). */
    static String pkcs8(KeyPair pair) {
        return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    static String publicKey(KeyPair pair) {
        return pem("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /** PKCS#8 encrypted with a passphrase: {@code BEGIN ENCRYPTED PRIVATE KEY}. */
    static String encryptedPkcs8(KeyPair pair) throws Exception {
        JceOpenSSLPKCS8EncryptorBuilder encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC);
        encryptor.setProvider(BOUNCY_CASTLE);
        encryptor.setPassword("correct horse".toCharArray());
        return write(new JcaPKCS8Generator(pair.getPrivate(), encryptor.build()));
    }

    /** Legacy OpenSSL encryption: PKCS#1 with {@code Proc-Type: 4,ENCRYPTED} and {@code DEK-Info} headers. */
    static String encryptedPkcs1(KeyPair pair) throws Exception {
        return write(new JcaMiscPEMGenerator(pair.getPrivate(),
                new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(BOUNCY_CASTLE).build("correct horse".toCharArray())));
    }

    /** {@code BEGIN EC PRIVATE KEY}, as openssl ecparam -genkey writes. */
    static String ecTraditional(KeyPair ecPair) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(ecPair.getPrivate());
        }
        return out.toString();
    }

    static String selfSignedCertificate(KeyPair pair) throws Exception {
        X500Name name = new X500Name("CN=test");
        Date now = new Date();
        var holder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, now, new Date(now.getTime() + 86_400_000L),
                        name, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
        return pem("CERTIFICATE", holder.getEncoded());
    }

    private static String write(Object generator) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            if (generator instanceof org.bouncycastle.util.io.pem.PemObjectGenerator pemGenerator) {
                writer.writeObject(pemGenerator);
            }
        }
        return out.toString();
    }
}
