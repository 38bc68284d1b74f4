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
    double[] fourier = new double[Math.multiplyExact(n, ggswSize)];
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
      transform(fft, ggsw, 0, fourier, i * ggswSize, ggswSize);
    }
    return new FourierLweBootstrapKey(
        fourier,
        inputKey.dimension(),
        outputKey.glweDimension(),
        outputKey.polynomialSize(),
        baseLog,
        levels);
  }

  /** Transforms every polynomial of a standard-domain bootstrap key. */
  public static FourierLweBootstrapKey convertToFourierNew(LweBootstrapKey key) {
    NegacyclicFft fft = NegacyclicFft.of(key.polynomialSize());
    long[] data = key.data();
    double[] fourier = new double[data.length];
    transform(fft, data, 0, fourier, 0, data.length);
    return new FourierLweBootstrapKey(
        fourier,
        key.inputLweDimension(),
        key.glweDimension(),
        key.polynomialSize(),
        key.baseLog(),
        key.levelCount());
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
