package org.safeguardingsignals.runtime;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes a replay key pair and self-signed certificate (RSA 3072) for a local run or a test; a partnership issues
 * its own from its certificate authority. The private key file is created owner-only (0600).
 */
public final class ReplayKeys {
    private ReplayKeys() {}

    /** Paths of a certificate (for the pipeline) and its private key (for the replay tool only). */
    public record KeyFiles(Path certificate, Path privateKey) {}

    /** Writes {@code replay-cert.pem} and {@code replay-key.pem} into {@code dir} unless both exist already. */
    public static KeyFiles ensure(Path dir) throws IOException {
        Path cert = dir.resolve("replay-cert.pem");
        Path key = dir.resolve("replay-key.pem");
        if (Files.exists(cert) && Files.exists(key)) {
            return new KeyFiles(cert, key);
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(3072, new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=Safeguarding Signals dead-letter replay (local)");
            Instant now = Instant.now();
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(new JcaX509v3CertificateBuilder(
                                    name,
                                    new BigInteger(64, new SecureRandom()),
                                    Date.from(now.minus(Duration.ofMinutes(5))),
                                    Date.from(now.plus(Duration.ofDays(3650))),
                                    name,
                                    pair.getPublic())
                            .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            Files.createDirectories(dir);
            Files.deleteIfExists(key);
            Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            write(key, pair.getPrivate());
            write(cert, certificate);
            return new KeyFiles(cert, key);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Could not make a replay key pair", e);
        }
    }

    private static void write(Path file, Object pemObject) throws IOException {
        try (Writer w = Files.newBufferedWriter(file);
                JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(pemObject);
        }
    }
}
