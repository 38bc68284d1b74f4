package io.fhestreams.benchmarks.engine;

import io.fhestreams.engine.algorithms.ExternalProduct;
import io.fhestreams.engine.algorithms.GgswEncryption;
import io.fhestreams.engine.entities.FourierGgswCiphertext;
import io.fhestreams.engine.entities.GlweCiphertext;
import io.fhestreams.engine.entities.GlweSecretKey;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.random.MaskGenerator;
import io.fhestreams.engine.random.NoiseGenerator;
import io.fhestreams.engine.random.Seeder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One external product GGSW ⊡ GLWE with the PBS decomposition of a parameter set (n of them make a
 * blind rotation).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:PerMethodTrapLimit=1000"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ExternalProductBenchmark {
  @Param({
    "V1_1_PARAM_MESSAGE_1_CARRY_1_KS_PBS_TUNIFORM_2M64",
    "V1_1_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M64"
  })
  public String parameterSet;

  private FourierGgswCiphertext ggsw;
  private GlweCiphertext glwe;

  @Setup(Level.Trial)
  public void setUp() {
    ParameterSet p = ParameterSets.byId(parameterSet);
    long[] bits = new long[p.bigLweDimension().value()];
    NoiseGenerator.fresh().fillBinary(bits);
    GlweSecretKey key = new GlweSecretKey(bits, p.glweDimension(), p.polynomialSize());
    ggsw =
        ExternalProduct.convertToFourierNew(
            GgswEncryption.encryptNew(
                key,
                1,
                p.pbsBaseLog(),
                p.pbsLevel(),
                p.glweNoise(),
                MaskGenerator.fromSeed(Seeder.freshSeed()),
                NoiseGenerator.fresh()));
    glwe =
        new GlweCiphertext(
            new SplittableRandom(1)
                .longs((long) p.glweDimension().toGlweSize() * p.polynomialSize().value())
                .toArray(),
            p.glweDimension(),
            p.polynomialSize());
  }

  @Benchmark
  public GlweCiphertext externalProduct() {
    return ExternalProduct.externalProductNew(ggsw, glwe);
  }
}
