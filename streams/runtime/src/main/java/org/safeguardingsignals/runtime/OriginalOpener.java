package org.safeguardingsignals.runtime;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.safeguardingsignals.events.OriginalRecord;

/** Opens what {@link OriginalSealer} sealed, with the replay certificate's private key (the replay tool's side). */
public final class OriginalOpener {
    private final PrivateKey key;

    public OriginalOpener(PrivateKey key) {
        this.key = key;
    }

    /** Reads a PEM private key (PKCS#8 or a traditional RSA key pair). */
    public static OriginalOpener fromPem(Path privateKey) {
        try (Reader in = Files.newBufferedReader(privateKey);
                PEMParser pem = new PEMParser(in)) {
            Object read = pem.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(OriginalSealer.BC);
            if (read instanceof PEMKeyPair pair) {
                return new OriginalOpener(converter.getKeyPair(pair).getPrivate());
            }
            if (read instanceof PrivateKeyInfo info) {
                return new OriginalOpener(converter.getPrivateKey(info));
            }
            throw new IllegalArgumentException(privateKey + " holds no unencrypted PEM private key");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the replay key " + privateKey, e);
        }
    }

    /** The original key and value; fails if the envelope was not sealed for this key or was altered. */
    public OriginalRecord open(ByteBuffer sealed) {
        byte[] bytes = new byte[sealed.remaining()];
        sealed.duplicate().get(bytes);
        try {
            CMSAuthEnvelopedData envelope = new CMSAuthEnvelopedData(bytes);
            RecipientInformation recipient =
                    envelope.getRecipientInfos().getRecipients().iterator().next();
            byte[] plain = recipient.getContent(new JceKeyTransEnvelopedRecipient(key).setProvider(OriginalSealer.BC));
            return new SpecificDatumReader<>(OriginalRecord.class)
                    .read(null, DecoderFactory.get().binaryDecoder(plain, null));
        } catch (CMSException e) {
            throw new IllegalArgumentException(
                    "Cannot open this dead letter with this key (another key, or " + "altered): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("The opened dead letter is not an OriginalRecord", e);
        }
    }
}
