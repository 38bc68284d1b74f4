package io.fhestreams.engine.noise;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.algorithms.LweEncryption;
import io.fhestreams.engine.algorithms.LweKeyswitch;
import io.fhestreams.engine.algorithms.LweKeyswitchKeyGeneration;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.entities.LweKeyswitchKey;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.math.SignedDecomposer;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.random.MaskGenerator;
import io.fhestreams.engine.random.NoiseGenerator;
import io.fhestreams.engine.random.Seed;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The error the 32-bit key-switching key adds, measured against the published 64-bit key
 * (regenerated here from the same mask and noise streams) and compared with {@link
 * NoiseFormulas#keyswitchKeyRounding}: per key ciphertext and per key switch, ≥ 1,000 samples each,
 * within a factor 2 in variance.
 */
class KeyswitchKeyRoundingTest {
  private static final ParameterSet SET = ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M64;

  private static Seed seed(long s) {
    byte[] b = new byte[Seed.BYTES];
    new SplittableRandom(s).nextBytes(b);
    return Seed.fromBytes(b);
  }

  private static LweSecretKey key(int n, long s) {
    long[] bits = new long[n];
    NoiseGenerator.fromSeed(seed(s)).fillBinary(bits);
    return new LweSecretKey(bits, new LweDimension(n));
  }

  /** The published 64-bit key: the generator's order of masks and noise, without the rounding. */
  private static long[] sixtyFourBitKey(LweSecretKey in, LweSecretKey out, Seed masks, Seed noise) {
    int nIn = in.dimension().value();
    int nOut = out.dimension().value();
    int l = SET.ksLevel().value();
    long[] data = new long[nIn * l * (nOut + 1)];
    MaskGenerator maskGen = MaskGenerator.fromSeed(masks);
    NoiseGenerator noiseGen = NoiseGenerator.fromSeed(noise);
    for (int i = 0; i < nIn; i++) {
      for (int t = 0; t < l; t++) {
        int off = (i * l + t) * (nOut + 1);
        maskGen.fillMask(data, off, nOut);
        long acc = 0;
        for (int c = 0; c < nOut; c++) {
          acc += data[off + c] * out.data()[c];
        }
        data[off + nOut] =
            acc
                + (in.data()[i] << (64 - (l - t) * SET.ksBaseLog().value()))
                + noiseGen.sample(SET.lweNoise());
      }
    }
    return data;
  }

  /** The 64-bit key switch, reference for the engine's 32-bit one. */
  private static long[] keyswitch64(long[] key, long[] in, int nIn, int nOut) {
    SignedDecomposer decomposer = new SignedDecomposer(SET.ksBaseLog(), SET.ksLevel());
    int l = SET.ksLevel().value();
    long[] digits = new long[l];
    long[] out = new long[nOut + 1];
    out[nOut] = in[nIn];
    for (int i = 0; i < nIn; i++) {
      decomposer.decompose(in[i], digits);
      for (int t = 0; t < l; t++) {
        int off = (i * l + t) * (nOut + 1);
        for (int c = 0; c <= nOut; c++) {
          out[c] -= digits[t] * key[off + c];
        }
      }
    }
    return out;
  }

  private static long phase(long[] ct, int off, long[] s) {
    long acc = 0;
    for (int c = 0; c < s.length; c++) {
      acc += ct[off + c] * s[c];
    }
    return ct[off + s.length] - acc;
  }

  @Test
  void shouldAddTheModelledRoundingVariance() {
    long seed = new SplittableRandom().nextLong();
    System.out.println("KeyswitchKeyRoundingTest seed " + seed);
    SplittableRandom rnd = new SplittableRandom(seed);
    int nIn = SET.bigLweDimension().value();
    int nOut = SET.lweDimension().value();
    LweSecretKey in = key(nIn, rnd.nextLong());
    LweSecretKey out = key(nOut, rnd.nextLong());
    Seed masks = seed(rnd.nextLong());
    Seed noise = seed(rnd.nextLong());
    LweKeyswitchKey ksk =
        LweKeyswitchKeyGeneration.generateNew(
            in,
            out,
            SET.ksBaseLog(),
            SET.ksLevel(),
            SET.lweNoise(),
            MaskGenerator.fromSeed(masks),
            NoiseGenerator.fromSeed(noise));
    long[] published = sixtyFourBitKey(in, out, masks, noise);

    // Every element is the published one rounded to 32 bits; each key ciphertext's phase moves by
    // the rounding error, of variance (1 + n_out/2)·2^64/12.
    long[] rounded = new long[published.length];
    for (int k = 0; k < published.length; k++) {
      int element = ksk.rows()[k / (nOut + 1)][k % (nOut + 1)];
      assertThat(element)
          .as("seed %d, element %d", seed, k)
          .isEqualTo(LweKeyswitchKeyGeneration.roundToKeyTorus(published[k]));
      rounded[k] = (long) element << 32;
    }
    int rows = published.length / (nOut + 1);
    double rowSum = 0;
    for (int r = 0; r < rows; r++) {
      double e =
          phase(rounded, r * (nOut + 1), out.data()) - phase(published, r * (nOut + 1), out.data());
      rowSum += e * e;
    }
    double rowMeasured = rowSum / rows;
    double rowModel = (1.0 + nOut / 2.0) * 0x1p64 / 12.0;
    System.out.printf(
        "key ciphertext rounding (%s, %d rows): measured 2^%.3f, model 2^%.3f (integer)%n",
        SET.id(), rows, log2(rowMeasured), log2(rowModel));
    assertThat(rows).isGreaterThanOrEqualTo(1000);
    assertThat(rowMeasured / rowModel).as("seed %d", seed).isBetween(0.5, 2.0);

    // Per key switch: the engine's output minus the 64-bit key switch's, on random inputs.
    int samples = 1000;
    double sum = 0;
    long[] input = new long[nIn + 1];
    for (int s = 0; s < samples; s++) {
      for (int c = 0; c <= nIn; c++) {
        input[c] = rnd.nextLong();
      }
      LweCiphertext switched =
          LweKeyswitch.keyswitchNew(ksk, new LweCiphertext(input.clone(), in.dimension()));
      long diff =
          LweEncryption.decryptPhase(out, switched)
              - phase(keyswitch64(published, input, nIn, nOut), 0, out.data());
      sum += (double) diff * diff;
    }
    double measured = sum / samples / 0x1p128;
    double model =
        NoiseFormulas.keyswitchKeyRounding(
            SET.bigLweDimension(),
            SET.lweDimension(),
            SET.ksBaseLog(),
            SET.ksLevel(),
            LweKeyswitchKey.TORUS_BITS);
    System.out.printf(
        "key switch with the 32-bit key (%s, %d samples): added variance measured 2^%.3f, model 2^%.3f,"
            + " key term 2^%.3f (torus)%n",
        SET.id(),
        samples,
        log2(measured),
        log2(model),
        log2(
            NoiseFormulas.keyswitch(
                SET.bigLweDimension(), SET.ksBaseLog(), SET.ksLevel(), SET.lweNoise())));
    assertThat(measured / model).as("seed %d", seed).isBetween(0.5, 2.0);
  }

  private static double log2(double v) {
    return Math.log(v) / Math.log(2.0);
  }
}
