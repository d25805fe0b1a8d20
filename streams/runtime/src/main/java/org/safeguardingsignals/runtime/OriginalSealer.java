package org.safeguardingsignals.runtime;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.safeguardingsignals.events.OriginalRecord;

/**
 * Seals a dead-lettered record's original key and value for the replay tool ({@link Envelopes}): the pipeline holds
 * only the replay certificate, so nothing it writes can be read back without the private key the replay tool keeps.
 */
public final class OriginalSealer {
    /** Configuration key: a PEM file holding the replay tool's X.509 certificate (RSA). */
    public static final String CERTIFICATE_CONFIG = "deadletters.seal.certificate";

    private final X509Certificate recipient;

    public OriginalSealer(X509Certificate recipient) {
        this.recipient = recipient;
    }

    public static OriginalSealer fromPem(Path certificate) {
        return new OriginalSealer(Envelopes.certificate(certificate, CERTIFICATE_CONFIG));
    }

    /** The sealed OriginalRecord of this key and value. */
    public byte[] seal(byte[] key, byte[] value) {
        return Envelopes.seal(
                recipient,
                OriginalRecord.newBuilder()
                        .setKey(key == null ? null : ByteBuffer.wrap(key))
                        .setValue(value == null ? null : ByteBuffer.wrap(value))
                        .build());
    }
}
