package org.safeguardingsignals.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;

/**
 * Sealed envelopes for one recipient: CMS AuthEnvelopedData (RFC 5083) with AES-256-GCM, its content key transported
 * with RSA-OAEP (SHA-256) to one X.509 certificate. Whoever seals holds only the certificate, so nothing sealed can be
 * read back without the recipient's private key. BouncyCastle does the cryptography; this class only chooses the
 * algorithms. Used for dead letters' original bytes (the replay tool's key) and the identity vault (the console's).
 */
public final class Envelopes {
    /** BouncyCastle's provider, used by instance: never installed JVM-wide. */
    static final Provider BC = new BouncyCastleProvider();

    private Envelopes() {}

    /** Reads a PEM X.509 certificate; {@code setting} names where it was configured, for the error. */
    public static X509Certificate certificate(Path pem, String setting) {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + setting + " " + pem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(setting + " " + pem + " is not an X.509 certificate in PEM", e);
        }
    }

    /** Reads a PEM private key (PKCS#8 or a traditional RSA key pair). */
    public static PrivateKey privateKey(Path pem, String setting) {
        try (Reader in = Files.newBufferedReader(pem);
                PEMParser parser = new PEMParser(in)) {
            Object read = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BC);
            if (read instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (read instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IllegalArgumentException(setting + " " + pem + " holds no unencrypted PEM private key");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + setting + " " + pem, e);
        }
    }

    /** The record, Avro-encoded and sealed for the certificate's holder. */
    public static byte[] seal(X509Certificate recipient, SpecificRecord content) {
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
                    .generate(new CMSProcessableByteArray(avro(content)), (OutputAEADEncryptor)
                            new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM)
                                    .setProvider(BC)
                                    .build())
                    .getEncoded();
        } catch (GeneralSecurityException | CMSException | IOException e) {
            throw new IllegalStateException(
                    "Could not seal a " + content.getSchema().getName(), e);
        }
    }

    /**
     * The record an envelope holds; {@link IllegalArgumentException} if it was not sealed for this key, was altered,
     * or holds no {@code type}.
     */
    public static <T extends SpecificRecord> T open(PrivateKey key, byte[] sealed, Class<T> type) {
        byte[] plain;
        try {
            CMSAuthEnvelopedData envelope = new CMSAuthEnvelopedData(sealed);
            RecipientInformation recipient =
                    envelope.getRecipientInfos().getRecipients().iterator().next();
            plain = recipient.getContent(new JceKeyTransEnvelopedRecipient(key).setProvider(BC));
        } catch (CMSException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "Cannot open this envelope with this key (another key, or altered): " + e.getMessage(), e);
        }
        try {
            return new SpecificDatumReader<>(type)
                    .read(null, DecoderFactory.get().binaryDecoder(plain, null));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("The opened envelope holds no " + type.getSimpleName(), e);
        }
    }

    static byte[] avro(SpecificRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        @SuppressWarnings("unchecked")
        SpecificDatumWriter<SpecificRecord> writer =
                new SpecificDatumWriter<>((Class<SpecificRecord>) record.getClass());
        writer.write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
