package io.fhestreams.benchmarks.engine;

import io.fhestreams.engine.algorithms.LweKeyswitch;
import io.fhestreams.engine.entities.LweCiphertext;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Key switch + programmable bootstrap (KS-PBS) of one ciphertext per parameter set, one calling
 * thread; also the key switch alone. Run: {@code java -jar benchmarks/target/benchmarks.jar
 * PbsBenchmark -f 1 -wi 3 -i 5 -t 1}. The default run covers the 2^-128 2- and 4-bit sets
 * (centered-mean modulus switch), the compiler's default sets; run the 2^-64 ones, the multi-bit
 * ones, or any set, with {@code -p parameterSet=...}: a multi-bit id followed by {@value
 * PbsSubject#HELPER_SUFFIX} runs the two-thread option (group sums on a second thread), e.g. {@code
 * -p
 * parameterSet=MULTI_BIT_GROUP_4_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128,MULTI_BIT_GROUP_4_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128+helper}
 * (see {@link PbsSubject}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g", "--add-modules=jdk.incubator.vector", "-XX:PerMethodTrapLimit=1000"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class PbsBenchmark {
  @Param({
    "V1_4_PARAM_MESSAGE_1_CARRY_1_KS_PBS_TUNIFORM_2M128",
    "V1_4_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128"
  })
  public String parameterSet;

  private PbsSubject subject;
  private LweCiphertext small;

  @Setup(Level.Trial)
  public void setUp() {
    subject = new PbsSubject(parameterSet);
    small = LweCiphertext.zeros(subject.params.lweDimension());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    subject.close();
  }

  @Benchmark
  public void keyswitchAndBootstrap() {
    subject.run();
  }

  @Benchmark
  public LweCiphertext keyswitchOnly() {
    LweKeyswitch.keyswitchInPlace(subject.keyswitchKey, subject.input, small);
    return small;
  }
}
