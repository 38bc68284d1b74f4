package io.fhestreams.engine.serialization;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a blob holds. The numeric {@link #code()} is what the header stores; it never changes once
 * published, and codes are grouped (1x ciphertexts, 2x keys, 3x key bundles, 4x keystore, 5x model
 * artifacts) so that new kinds fit in without renumbering.
 */
public enum BlobKind {
    /** A list of LWE ciphertexts, every mask and body coefficient stored. */
    LWE_CIPHERTEXT_LIST(10),
    /** A list of LWE ciphertexts encrypted from one mask seed: the seed, then the bodies only. */
    SEEDED_LWE_CIPHERTEXT_LIST(11),
    /** A list of LWE ciphertexts already switched to the modulus 2N: ceil(log2 2N) bits per coefficient. */
    MODULUS_SWITCHED_LWE_CIPHERTEXT_LIST(12),
    /** An LWE key-switching key, every coefficient stored. */
    LWE_KEYSWITCH_KEY(20),
    /** An LWE key-switching key: one mask seed, then the bodies. */
    SEEDED_LWE_KEYSWITCH_KEY(21),
    /** An LWE bootstrapping key (GGSW list) in the standard domain, every coefficient stored. */
    LWE_BOOTSTRAP_KEY(22),
    /** An LWE bootstrapping key: one mask seed, then the GLWE bodies. */
    SEEDED_LWE_BOOTSTRAP_KEY(23),
    /** The evaluation keys a server gets: a key-switching key blob followed by a bootstrapping key blob. */
    EVALUATION_KEYS(30),
    /** The evaluation keys in seeded form (for transport): seeded key-switching and bootstrapping key blobs. */
    SEEDED_EVALUATION_KEYS(31),
    /** A client's secret keys, for its owner's keystore file only (optionally password-encrypted). */
    CLIENT_KEYSTORE(40),
    /** The client half of a compiled model. */
    CLIENT_ARTIFACT(50),
    /** The server half of a compiled model. */
    SERVER_ARTIFACT(51);

    private final int code;

    BlobKind(int code) {
        this.code = code;
    }

    /** The 16-bit code stored in the header. */
    public int code() {
        return code;
    }

    /**
     * The kind with this header code.
     *
     * @throws BlobFormatException (reason {@link BlobFormatException.Reason#KIND}) for an unknown code
     */
    public static BlobKind fromCode(int code) {
        for (BlobKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        throw new BlobFormatException(
                BlobFormatException.Reason.KIND,
                "Unknown blob kind code " + code + "; known codes: "
                        + Arrays.stream(values()).map(k -> k.code + "=" + k).collect(Collectors.joining(", ")));
    }
}
