package io.fhestreams.engine.random;

import java.security.SecureRandom;

/** Fresh seeds from the platform's {@link SecureRandom}. Thread-safe. */
public final class Seeder {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Seeder() {}

  /** A new uniformly random seed. */
  public static Seed freshSeed() {
    byte[] b = new byte[Seed.BYTES];
    RANDOM.nextBytes(b);
    return Seed.fromBytes(b);
  }
}
