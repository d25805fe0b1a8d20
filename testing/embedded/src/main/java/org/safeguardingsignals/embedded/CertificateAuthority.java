package org.safeguardingsignals.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority for one machine (the local run, tests): an EC P-256 key and a self-signed CA
 * certificate, which issues server and client certificates. Keys come from the JDK, certificates are built with
 * BouncyCastle; the stores it writes are PKCS12. Not for production: a partnership's broker gets certificates from
 * the partnership's own CA.
 */
public final class CertificateAuthority {
    static final String STORE_TYPE = "PKCS12";
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final String ALIAS = "ca";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PrivateKey key;
    private final X509Certificate certificate;

    private CertificateAuthority(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    /** A new authority named {@code CN=<name>}, valid for {@code validity}. */
    public static CertificateAuthority create(String name, Duration validity) {
        KeyPair pair = newKeyPair();
        X500Name subject = new X500Name("CN=" + name);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            subject, serial(), notBefore(), notAfter(validity), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(pair.getPublic()));
            return new CertificateAuthority(pair.getPrivate(), sign(builder, pair.getPrivate()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Could not create the certificate authority", e);
        }
    }

    /** The authority kept in a PKCS12 file by {@link #save}. */
    public static CertificateAuthority load(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(STORE_TYPE);
            store.load(in, password);
            return new CertificateAuthority(
                    (PrivateKey) store.getKey(ALIAS, password), (X509Certificate) store.getCertificate(ALIAS));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Could not read the certificate authority from " + file, e);
        }
    }

    /** Keeps the authority's key and certificate in a PKCS12 file readable by its owner only. */
    public void save(Path file, char[] password) {
        KeyStore store = emptyStore(password);
        try {
            store.setKeyEntry(ALIAS, key, password, new Certificate[] {certificate});
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        write(store, file, password);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * Issues a certificate for {@code CN=<name>} that serves as both a TLS server and a TLS client certificate, with
     * the given host names and IP addresses as subject alternative names (a server's clients check them).
     */
    public Issued issue(String name, List<String> hostNames, List<String> ipAddresses, Duration validity) {
        KeyPair pair = newKeyPair();
        List<GeneralName> names = new ArrayList<>();
        hostNames.forEach(h -> names.add(new GeneralName(GeneralName.dNSName, h)));
        ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            certificate,
                            serial(),
                            notBefore(),
                            notAfter(validity),
                            new X500Name("CN=" + name),
                            pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(
                            Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                    }))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            extensions.createAuthorityKeyIdentifier(certificate))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(pair.getPublic()));
            if (!names.isEmpty()) {
                builder.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            return new Issued(pair.getPrivate(), sign(builder, key), certificate);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Could not issue a certificate for " + name, e);
        }
    }

    /** Writes a PKCS12 trust store holding this authority's certificate alone. */
    public void writeTrustStore(Path file, char[] password) {
        KeyStore store = emptyStore(password);
        try {
            store.setCertificateEntry(ALIAS, certificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        write(store, file, password);
    }

    /** A certificate issued by the authority, with its key. */
    public record Issued(PrivateKey key, X509Certificate certificate, X509Certificate issuer) {
        /** Writes a PKCS12 key store with the key and the chain (certificate, then the authority's). */
        public void writeKeyStore(Path file, String alias, char[] password) {
            KeyStore store = emptyStore(password);
            try {
                store.setKeyEntry(alias, key, password, new Certificate[] {certificate, issuer});
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            write(store, file, password);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyStore emptyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance(STORE_TYPE);
            store.load(null, password);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(KeyStore store, Path file, char[] password) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(OwnerOnly.create(file))) {
                store.store(out, password);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not write " + file, e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).abs().add(BigInteger.ONE);
    }

    private static Date notBefore() {
        // an hour back, so that a clock a little behind still accepts a certificate issued a moment ago
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter(Duration validity) {
        return Date.from(Instant.now().plus(validity));
    }
}
