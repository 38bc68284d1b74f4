package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.GlweSecretKey;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.PolynomialSize;
import io.fhestreams.engine.random.MaskGenerator;
import io.fhestreams.engine.random.NoiseGenerator;
import io.fhestreams.engine.random.Seeder;

/** Fresh keys and generators for algorithm tests. */
final class TestFixtures {
  private TestFixtures() {}

  static LweSecretKey lweKey(int n) {
    long[] bits = new long[n];
    NoiseGenerator.fresh().fillBinary(bits);
    return new LweSecretKey(bits, new LweDimension(n));
  }

  static GlweSecretKey glweKey(int k, int n) {
    long[] bits = new long[k * n];
    NoiseGenerator.fresh().fillBinary(bits);
    return new GlweSecretKey(bits, new GlweDimension(k), new PolynomialSize(n));
  }

  static MaskGenerator masks() {
    return MaskGenerator.fromSeed(Seeder.freshSeed());
  }

  static NoiseGenerator noise() {
    return NoiseGenerator.fresh();
  }
}
