package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.FourierLweBootstrapKey;
import io.fhestreams.engine.entities.GgswCiphertext;
import io.fhestreams.engine.entities.GlweSecretKey;
import io.fhestreams.engine.entities.LweBootstrapKey;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.math.NegacyclicFft;
import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.NoiseDistribution;
import io.fhestreams.engine.random.MaskGenerator;
import io.fhestreams.engine.random.NoiseGenerator;

/**
 * Generates bootstrap keys: GGSW i encrypts bit i of the small LWE key under the GLWE key (tfhe-rs
 * {@code lwe_bootstrap_key_generation.rs}). Masks are consumed GGSW by GGSW, each in the order of
 * {@link GgswEncryption}. The Fourier form holds every polynomial transformed by {@link
 * NegacyclicFft} (signed reading of the torus values, as tfhe-rs fft64).
 */
public final class LweBootstrapKeyGeneration {
  private LweBootstrapKeyGeneration() {}

  /** A new bootstrap key in the standard domain. */
  public static LweBootstrapKey generateNew(
      LweSecretKey inputKey,
      GlweSecretKey outputKey,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount levels,
      NoiseDistribution noiseDistribution,
      MaskGenerator masks,
      NoiseGenerator noise) {
    int ggswSize =
        GgswCiphertext.sizeOf(outputKey.glweDimension(), outputKey.polynomialSize(), levels);
    int n = inputKey.dimension().value();
    long[] data = new long[Math.multiplyExact(n, ggswSize)];
    long[] scratch = new long[outputKey.polynomialSize().value()];
    for (int i = 0; i < n; i++) {
      GgswEncryption.encryptAt(
          data,
          i * ggswSize,
          outputKey,
          inputKey.data()[i],
          baseLog,
          levels,
          noiseDistribution,
          masks,
          noise,
          scratch);
    }
    return new LweBootstrapKey(
        data,
        inputKey.dimension(),
        outputKey.glweDimension(),
        outputKey.polynomialSize(),
        baseLog,
        levels);
  }

  /**
   * A new bootstrap key directly in the Fourier domain, GGSW by GGSW (never holding the whole
   * standard-domain key); equal to {@code convertToFourierNew(generateNew(...))} for the same
   * streams.
   */
  public static FourierLweBootstrapKey generateFourierNew(
      LweSecretKey inputKey,
      GlweSecretKey outputKey,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount levels,
      NoiseDistribution noiseDistribution,
      MaskGenerator masks,
      NoiseGenerator noise) {
    int ggswSize =
        GgswCiphertext.sizeOf(outputKey.glweDimension(), outputKey.polynomialSize(), levels);
    int n = inputKey.dimension().value();
    FourierLweBootstrapKey fourier =
        FourierLweBootstrapKey.zeros(
            inputKey.dimension(),
            outputKey.glweDimension(),
            outputKey.polynomialSize(),
            baseLog,
            levels);
    long[] ggsw = new long[ggswSize];
    long[] scratch = new long[outputKey.polynomialSize().value()];
    NegacyclicFft fft = NegacyclicFft.of(outputKey.polynomialSize());
    for (int i = 0; i < n; i++) {
      GgswEncryption.encryptAt(
          ggsw,
          0,
          outputKey,
          inputKey.data()[i],
          baseLog,
          levels,
          noiseDistribution,
          masks,
          noise,
          scratch);
      transform(fft, ggsw, 0, fourier.data(), fourier.ggswOffset(i), ggswSize);
    }
    return fourier;
  }

  /** Transforms every polynomial of a standard-domain bootstrap key. */
  public static FourierLweBootstrapKey convertToFourierNew(LweBootstrapKey key) {
    FourierLweBootstrapKey fourier = FourierLweBootstrapKey.zeros(key.inputLweDimension(), key);
    convertToFourier(key, fourier, 0);
    return fourier;
  }

  /**
   * Transforms every GGSW of the standard-domain {@code key} into {@code out}, key GGSW i into
   * {@code out}'s GGSW {@code first + i}: a key converted piece by piece, as a decoder that never
   * holds the whole standard-domain key does.
   */
  public static void convertToFourier(LweBootstrapKey key, FourierLweBootstrapKey out, int first) {
    Checks.requireEqual(
        "GlweDimension",
        out.glweDimension(),
        "FourierLweBootstrapKey",
        key.glweDimension(),
        "LweBootstrapKey");
    Checks.requireEqual(
        "PolynomialSize",
        out.polynomialSize(),
        "FourierLweBootstrapKey",
        key.polynomialSize(),
        "LweBootstrapKey");
    Checks.requireEqual(
        "DecompositionLevelCount",
        out.levelCount(),
        "FourierLweBootstrapKey",
        key.levelCount(),
        "LweBootstrapKey");
    Checks.requireEqual(
        "DecompositionBaseLog",
        out.baseLog(),
        "FourierLweBootstrapKey",
        key.baseLog(),
        "LweBootstrapKey");
    int count = key.inputLweDimension().value();
    int room = out.inputLweDimension().value();
    if (first < 0 || first > room - count) {
      throw new IllegalArgumentException(
          "GGSW "
              + first
              + " to "
              + ((long) first + count - 1)
              + " outside the FourierLweBootstrapKey's 0 to "
              + (room - 1));
    }
    long[] data = key.data();
    transform(
        NegacyclicFft.of(key.polynomialSize()),
        data,
        0,
        out.data(),
        out.ggswOffset(first),
        data.length);
  }

  private static void transform(
      NegacyclicFft fft, long[] in, int inOff, double[] out, int outOff, int length) {
    int n = fft.polynomialSize();
    NegacyclicFft.Scratch scratch = fft.newScratch();
    for (int p = 0; p < length; p += n) {
      fft.forward(in, inOff + p, out, outOff + p, scratch);
    }
  }
}
