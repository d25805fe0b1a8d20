package org.safeguardingsignals.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;
import org.safeguardingsignals.events.OriginalRecord;

/**
 * Seals a dead-lettered record's original key and value for the replay tool: CMS AuthEnvelopedData (RFC 5083)
 * with AES-256-GCM, its key transported with RSA-OAEP (SHA-256) to one X.509 certificate. The pipeline holds only
 * the certificate, so nothing it writes can be read back without the private key that the replay tool keeps.
 * BouncyCastle does the cryptography; this class only chooses the algorithms.
 */
public final class OriginalSealer {
    /** Configuration key: a PEM file holding the replay tool's X.509 certificate (RSA). */
    public static final String CERTIFICATE_CONFIG = "deadletters.seal.certificate";

    /** BouncyCastle's provider, used by instance: never installed JVM-wide. */
    static final Provider BC = new BouncyCastleProvider();

    private final X509Certificate recipient;

    public OriginalSealer(X509Certificate recipient) {
        this.recipient = recipient;
    }

    public static OriginalSealer fromPem(Path certificate) {
        try (InputStream in = Files.newInputStream(certificate)) {
            return new OriginalSealer(
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + CERTIFICATE_CONFIG + " " + certificate, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    CERTIFICATE_CONFIG + " " + certificate + " is not an X.509 " + "certificate in PEM", e);
        }
    }

    /** The sealed OriginalRecord of this key and value. */
    public byte[] seal(byte[] key, byte[] value) {
        OriginalRecord original = OriginalRecord.newBuilder()
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .build();
        try {
            CMSAuthEnvelopedDataGenerator generator = new CMSAuthEnvelopedDataGenerator();
            generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(
                            recipient,
                            new JcaAlgorithmParametersConverter()
                                    .getAlgorithmIdentifier(
                                            PKCSObjectIdentifiers.id_RSAES_OAEP,
                                            new OAEPParameterSpec(
                                                    "SHA-256",
                                                    "MGF1",
                                                    MGF1ParameterSpec.SHA256,
                                                    PSource.PSpecified.DEFAULT)))
                    .setProvider(BC));
            return generator
                    .generate(new CMSProcessableByteArray(avro(original)), (OutputAEADEncryptor)
                            new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM)
                                    .setProvider(BC)
                                    .build())
                    .getEncoded();
        } catch (GeneralSecurityException | CMSException | IOException e) {
            throw new IllegalStateException("Could not seal a dead letter's original bytes", e);
        }
    }

    static byte[] avro(OriginalRecord original) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(OriginalRecord.class).write(original, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
