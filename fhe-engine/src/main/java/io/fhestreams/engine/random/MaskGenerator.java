package io.fhestreams.engine.random;

/**
 * The public-mask stream of encryptions: uniform torus elements, each the next 8 bytes of an
 * AES-CTR stream read little-endian (tfhe-rs {@code EncryptionRandomGenerator} mask generator).
 * Because masks come from their own generator, a ciphertext's masks can be regenerated from its
 * seed alone, in the consumption order of PARAMETERS.md section 5.
 *
 * <p>Not thread-safe.
 */
public final class MaskGenerator {
  private final AesCtrGenerator generator;

  private MaskGenerator(AesCtrGenerator generator) {
    this.generator = generator;
  }

  /**
   * A mask stream determined by {@code seed} (public: whoever has the seed can regenerate the
   * masks).
   */
  public static MaskGenerator fromSeed(Seed seed) {
    return new MaskGenerator(new AesCtrGenerator(seed));
  }

  /** The next uniform torus element. */
  public long nextMask() {
    return generator.nextLong();
  }

  /** Fills {@code out[from, from+length)} with the next uniform torus elements. */
  public void fillMask(long[] out, int from, int length) {
    generator.fillLongs(out, from, length);
  }

  /** Number of stream bytes consumed so far (8 per mask element). */
  public long bytesConsumed() {
    return generator.bytesProduced();
  }
}
