package io.fhestreams.cli.demo;

import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.keys.Evaluator;
import io.fhestreams.engine.params.ParameterSet;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;

/**
 * The engine part of the demo: key generation, encryption of a vector, a leveled dot product, a
 * programmable bootstrap of every element through a lookup table on all cores, and decryption, each
 * step timed and every decrypted value checked against the same computation in the clear.
 */
public final class EngineTour {

  /**
   * What one run computed: the number of values whose decryption differed from the clear result.
   */
  public record Outcome(int values, int wrong) {}

  private final PrintStream out;

  public EngineTour(PrintStream out) {
    this.out = out;
  }

  /**
   * Runs the tour on {@code params} (a bootstrapping set) over {@code size} random messages.
   *
   * @param function the lookup applied homomorphically, on messages of {@code params.messageBits()}
   *     bits
   */
  public Outcome run(
      ParameterSet params, int size, LongUnaryOperator function, String functionName, long seed) {
    if (!params.supportsBootstrap()) {
      throw new IllegalArgumentException(
          "the engine tour needs a bootstrapping parameter set, got " + params.id());
    }
    long modulus = params.messageModulus();
    long[] messages = new SplittableRandom(seed).longs(size, 0, modulus).toArray();
    out.printf(
        "Parameter set %s: %d-bit messages, n=%d, k=%d, N=%d, log2 p_fail per bootstrap %.1f%n",
        params.id(),
        params.messageBits(),
        params.lweDimension().value(),
        params.glweDimension().value(),
        params.polynomialSize().value(),
        params.log2PFailPerPbs());

    Stopwatch watch = Stopwatch.start();
    ClientKey clientKey = ClientKey.generate(params);
    step("client key generated", watch);
    EvaluationKeys evaluationKeys = clientKey.generateEvaluationKeys();
    step("evaluation keys generated (key switching + bootstrap)", watch);

    LweCiphertext[] encrypted = clientKey.encrypt(messages);
    step("encrypted " + size + " messages", watch);

    Evaluator evaluator = new Evaluator(evaluationKeys);
    long[] weights = new SplittableRandom(seed + 1).longs(size, 0, 2).toArray();
    LweCiphertext dot = evaluator.dot(encrypted, weights);
    long expectedDot = Math.floorMod(dotProduct(messages, weights), modulus);
    step("leveled dot product with clear 0/1 weights", watch);

    LookupTable table = evaluator.lookupTable(function);
    int threads = Runtime.getRuntime().availableProcessors();
    LweCiphertext[] looked = evaluator.bootstrapAll(encrypted, new LookupTable[] {table}, threads);
    double bootstrapMs = watch.lapMillis();
    out.printf(
        "  %-50s %9.1f ms  (%.1f ms per bootstrap, %d threads)%n",
        "key switch + bootstrap of each value", bootstrapMs, bootstrapMs / size, threads);

    int wrong = clientKey.decrypt(dot) == expectedDot ? 0 : 1;
    long[] decrypted = new long[size];
    long[] expected = new long[size];
    for (int i = 0; i < size; i++) {
      decrypted[i] = clientKey.decrypt(looked[i]);
      expected[i] = Math.floorMod(function.applyAsLong(messages[i]), modulus);
      if (decrypted[i] != expected[i]) {
        wrong++;
      }
    }
    step("decrypted", watch);
    out.printf(
        "  messages:    %s%n  weights:     %s%n",
        Arrays.toString(messages), Arrays.toString(weights));
    out.printf(
        "  dot product mod %d: decrypted %d, clear %d%n",
        modulus, clientKey.decrypt(dot), expectedDot);
    out.printf(
        "  lookup %s%n    decrypted: %s%n    clear:     %s%n",
        functionName, Arrays.toString(decrypted), Arrays.toString(expected));
    out.printf(
        "  %d of %d encrypted results equal the clear computation%n", size + 1 - wrong, size + 1);
    return new Outcome(size + 1, wrong);
  }

  private static long dotProduct(long[] a, long[] b) {
    long sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private void step(String what, Stopwatch watch) {
    out.printf("  %-50s %9.1f ms%n", what, watch.lapMillis());
  }

  /** Milliseconds between successive laps. */
  private static final class Stopwatch {
    private long last;

    static Stopwatch start() {
      Stopwatch watch = new Stopwatch();
      watch.last = System.nanoTime();
      return watch;
    }

    double lapMillis() {
      long now = System.nanoTime();
      double millis = (now - last) / 1e6;
      last = now;
      return millis;
    }
  }
}
