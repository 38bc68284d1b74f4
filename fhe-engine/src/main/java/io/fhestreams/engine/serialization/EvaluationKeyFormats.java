package io.fhestreams.engine.serialization;

import io.fhestreams.engine.algorithms.LweBootstrapKeyGeneration;
import io.fhestreams.engine.compression.SeededLweBootstrapKey;
import io.fhestreams.engine.compression.SeededLweKeyswitchKey;
import io.fhestreams.engine.entities.LweBootstrapKey;
import io.fhestreams.engine.entities.LweKeyswitchKey;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.keys.SeededEvaluationKeys;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.serialization.BlobFormatException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Evaluation keys as one blob, the unit a client uploads to the registry and a server loads:
 * <pre>
 * SEEDED_EVALUATION_KEYS   payload = SEEDED_LWE_KEYSWITCH_KEY blob, then SEEDED_LWE_BOOTSTRAP_KEY blob
 * EVALUATION_KEYS          payload = LWE_KEYSWITCH_KEY blob, then LWE_BOOTSTRAP_KEY blob (standard domain)
 * </pre>
 * (nested blobs, formats in {@link KeyFormats}; each carries its own header and checksum, and the
 * outer checksum covers them all). The outer payload length must be exactly what the parameter set
 * implies. {@link #readEvaluationKeys} accepts both kinds and returns server-ready keys (masks
 * regenerated, bootstrap key in the Fourier domain). Only PBS sets have evaluation keys.
 */
public final class EvaluationKeyFormats {
    private EvaluationKeyFormats() {
    }

    /** Streams the seeded blob of {@code keys} (the transport form). */
    public static void write(OutputStream out, SeededEvaluationKeys keys) throws IOException {
        ParameterSet set = keys.parameters();
        BlobWriter w = BlobWriter.open(out, BlobKind.SEEDED_EVALUATION_KEYS, set.id(), payloadLength(set, true));
        KeyFormats.write(w.payloadStream(), keys.keyswitchKey(), set);
        KeyFormats.write(w.payloadStream(), keys.bootstrapKey(), set);
        w.finish();
    }

    /** The seeded blob of {@code keys} as bytes (about 30 MB for the 4-bit set). */
    public static byte[] toBytes(SeededEvaluationKeys keys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) blobLength(keys.parameters(), true));
        try {
            write(out, keys);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Streams the plain blob of a key-switching key and a standard-domain bootstrap key of {@code set}. */
    public static void write(OutputStream out, ParameterSet set, LweKeyswitchKey keyswitchKey,
            LweBootstrapKey bootstrapKey) throws IOException {
        BlobWriter w = BlobWriter.open(out, BlobKind.EVALUATION_KEYS, set.id(), payloadLength(set, false));
        KeyFormats.write(w.payloadStream(), keyswitchKey, set);
        KeyFormats.write(w.payloadStream(), bootstrapKey, set);
        w.finish();
    }

    /**
     * Reads a seeded or plain evaluation-key blob of {@code set} and returns the keys a server uses.
     * Every checksum is verified before the keys are returned.
     */
    public static EvaluationKeys readEvaluationKeys(InputStream in, ParameterSet set) throws IOException {
        BlobReader r = openOuter(in, set, BlobKind.SEEDED_EVALUATION_KEYS, BlobKind.EVALUATION_KEYS);
        if (r.header().kind() == BlobKind.SEEDED_EVALUATION_KEYS) {
            SeededEvaluationKeys seeded = readSeededPayload(r, set);
            r.finish();
            return seeded.decompress();
        }
        LweKeyswitchKey ksk = KeyFormats.readLweKeyswitchKey(r.payloadStream(), set);
        LweBootstrapKey bsk = KeyFormats.readLweBootstrapKey(r.payloadStream(), set);
        r.finish();
        return new EvaluationKeys(set, LweBootstrapKeyGeneration.convertToFourierNew(bsk), ksk);
    }

    /** {@link #readEvaluationKeys(InputStream, ParameterSet)} from an in-memory blob. */
    public static EvaluationKeys readEvaluationKeys(byte[] blob, ParameterSet set) {
        BlobReader.verify(blob, BlobCheck.oneOf(set.id(), BlobKind.SEEDED_EVALUATION_KEYS, BlobKind.EVALUATION_KEYS));
        try {
            return readEvaluationKeys(new ByteArrayInputStream(blob), set);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a seeded evaluation-key blob of {@code set} without decompressing it. */
    public static SeededEvaluationKeys readSeededEvaluationKeys(InputStream in, ParameterSet set) throws IOException {
        BlobReader r = openOuter(in, set, BlobKind.SEEDED_EVALUATION_KEYS);
        SeededEvaluationKeys keys = readSeededPayload(r, set);
        r.finish();
        return keys;
    }

    /** Total blob length of the evaluation keys of {@code set}, seeded or plain. */
    public static long blobLength(ParameterSet set, boolean seeded) {
        return new BlobHeader(BlobFormat.VERSION, seeded ? BlobKind.SEEDED_EVALUATION_KEYS : BlobKind.EVALUATION_KEYS,
                set.id(), payloadLength(set, seeded)).totalLength();
    }

    private static SeededEvaluationKeys readSeededPayload(BlobReader r, ParameterSet set) throws IOException {
        SeededLweKeyswitchKey ksk = KeyFormats.readSeededLweKeyswitchKey(r.payloadStream(), set);
        SeededLweBootstrapKey bsk = KeyFormats.readSeededLweBootstrapKey(r.payloadStream(), set);
        return new SeededEvaluationKeys(set, ksk, bsk);
    }

    private static BlobReader openOuter(InputStream in, ParameterSet set, BlobKind first, BlobKind... rest)
            throws IOException {
        requireBootstrap(set);
        BlobReader r = BlobReader.open(in, BlobCheck.oneOf(set.id(), first, rest));
        long expected = payloadLength(set, r.header().kind() == BlobKind.SEEDED_EVALUATION_KEYS);
        if (r.header().payloadLength() != expected) {
            throw new BlobFormatException(Reason.LENGTH, r.header().kind() + " of parameter set " + set.id()
                    + " has a payload of " + expected + " bytes, the header declares " + r.header().payloadLength());
        }
        return r;
    }

    private static long payloadLength(ParameterSet set, boolean seeded) {
        requireBootstrap(set);
        BlobKind ksk = seeded ? BlobKind.SEEDED_LWE_KEYSWITCH_KEY : BlobKind.LWE_KEYSWITCH_KEY;
        BlobKind bsk = seeded ? BlobKind.SEEDED_LWE_BOOTSTRAP_KEY : BlobKind.LWE_BOOTSTRAP_KEY;
        return new BlobHeader(BlobFormat.VERSION, ksk, set.id(), KeyFormats.keyswitchKeyPayloadLength(set, seeded))
                .totalLength()
                + new BlobHeader(BlobFormat.VERSION, bsk, set.id(), KeyFormats.bootstrapKeyPayloadLength(set, seeded))
                        .totalLength();
    }

    private static void requireBootstrap(ParameterSet set) {
        if (!set.supportsBootstrap()) {
            throw new IllegalArgumentException("parameter set " + set.id() + " is leveled: it has no evaluation keys");
        }
    }
}
