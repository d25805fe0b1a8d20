package org.safeguardingsignals.runtime;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.safeguardingsignals.events.OriginalRecord;

/** Opens what {@link OriginalSealer} sealed, with the replay certificate's private key (the replay tool's side). */
public final class OriginalOpener {
    private final PrivateKey key;

    public OriginalOpener(PrivateKey key) {
        this.key = key;
    }

    /** Reads a PEM private key (PKCS#8 or a traditional RSA key pair). */
    public static OriginalOpener fromPem(Path privateKey) {
        return new OriginalOpener(Envelopes.privateKey(privateKey, "the replay key"));
    }

    /** The original key and value; fails if the envelope was not sealed for this key or was altered. */
    public OriginalRecord open(ByteBuffer sealed) {
        byte[] bytes = new byte[sealed.remaining()];
        sealed.duplicate().get(bytes);
        return Envelopes.open(key, bytes, OriginalRecord.class);
    }
}
