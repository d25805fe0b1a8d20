package org.safeguardingsignals.runtime.identity;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.safeguardingsignals.events.IdentityVaultEntry;
import org.safeguardingsignals.events.SealedIdentity;
import org.safeguardingsignals.runtime.Envelopes;

/**
 * The identity vault's two sides. Detection seals each child's NHS number with the vault certificate and cannot open
 * it again; the console opens it with the certificate's private key, for an audited reveal only. The vault key is
 * separate from the pseudonym key: holding one gives nothing of the other.
 */
public final class IdentityVault {
    /** Detection's setting: a PEM file holding the vault's X.509 certificate. */
    public static final String CERTIFICATE_CONFIG = "identity.vault.certificate";
    /** The console's setting: a PEM file holding the vault certificate's private key. */
    public static final String KEY_CONFIG = "identity.vault.key";

    private IdentityVault() {}

    /** Detection's side. */
    public static final class Sealer {
        private final X509Certificate certificate;

        public Sealer(X509Certificate certificate) {
            this.certificate = certificate;
        }

        public static Sealer fromPem(Path certificate) {
            return new Sealer(Envelopes.certificate(certificate, CERTIFICATE_CONFIG));
        }

        public IdentityVaultEntry seal(String pseudonym, String nhsNumber, Instant at) {
            byte[] sealed = Envelopes.seal(
                    certificate,
                    SealedIdentity.newBuilder()
                            .setChildPseudonym(pseudonym)
                            .setNhsNumber(nhsNumber)
                            .build());
            return IdentityVaultEntry.newBuilder()
                    .setChildPseudonym(pseudonym)
                    .setSealedIdentity(ByteBuffer.wrap(sealed))
                    .setSealedAt(at)
                    .build();
        }
    }

    /** The console's side. */
    public static final class Opener {
        private final PrivateKey key;

        public Opener(PrivateKey key) {
            this.key = key;
        }

        public static Opener fromPem(Path privateKey) {
            return new Opener(Envelopes.privateKey(privateKey, KEY_CONFIG));
        }

        /**
         * The NHS number of the child the entry is for; refused (IllegalArgumentException) if the entry was not
         * sealed for this key, was altered, or was sealed for another child than its pseudonym says.
         */
        public String open(IdentityVaultEntry entry) {
            ByteBuffer buffer = entry.getSealedIdentity().duplicate();
            byte[] sealed = new byte[buffer.remaining()];
            buffer.get(sealed);
            SealedIdentity identity = Envelopes.open(key, sealed, SealedIdentity.class);
            if (!identity.getChildPseudonym().equals(entry.getChildPseudonym())) {
                throw new IllegalArgumentException("The vault entry for " + entry.getChildPseudonym()
                        + " holds another child's identity: refused");
            }
            return identity.getNhsNumber();
        }
    }
}
