package io.fhestreams.benchmarks.engine;

import io.fhestreams.engine.algorithms.LookupTables;
import io.fhestreams.engine.algorithms.ProgrammableBootstrap;
import io.fhestreams.engine.algorithms.TaskRunner;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * KS-PBS of a layer of {@value #LAYER} ciphertexts through the public batch API ({@link
 * ProgrammableBootstrap#parBootstrapNew} with a {@link TaskRunner}), reported in ms per bootstrap:
 * {@code maxBatch} 1 is one ciphertext at a time, larger values blind-rotate that many together so
 * the bootstrap key is streamed from memory once per batch; {@code threads} is the runner's
 * parallelism (JMH itself runs one benchmark thread). Run: {@code java -jar
 * benchmarks/target/benchmarks.jar PbsThroughputBenchmark -f 1 -wi 2 -i 3 -w 3s -r 5s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@OperationsPerInvocation(PbsThroughputBenchmark.LAYER)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g", "--add-modules=jdk.incubator.vector", "-XX:PerMethodTrapLimit=1000"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class PbsThroughputBenchmark {
  static final int LAYER = 16;

  @Param({
    "V1_4_PARAM_MESSAGE_1_CARRY_1_KS_PBS_TUNIFORM_2M128",
    "V1_4_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128"
  })
  public String parameterSet;

  @Param({"1", "8"})
  public int maxBatch;

  @Param({"1", "2"})
  public int threads;

  private EvaluationKeys keys;
  private ParameterSet params;
  private LweCiphertext[] inputs;
  private LookupTable[] tables;
  private TaskRunner runner;

  @Setup(Level.Trial)
  public void setUp() {
    params = ParameterSets.byId(parameterSet);
    ClientKey client = ClientKey.generate(params);
    keys = client.generateEvaluationKeys();
    SplittableRandom rnd = new SplittableRandom(42);
    inputs = new LweCiphertext[LAYER];
    for (int i = 0; i < LAYER; i++) {
      inputs[i] = client.encrypt(rnd.nextLong(params.messageModulus()));
    }
    tables =
        new LookupTable[] {
          LookupTables.forFunction(params, x -> (x * x + 1) % params.messageModulus())
        };
    runner = TaskRunner.threads(threads);
  }

  @Benchmark
  public LweCiphertext[] bootstrapLayer() {
    return ProgrammableBootstrap.parBootstrapNew(
        keys.bootstrapKey(),
        keys.keyswitchKey(),
        params.modulusSwitch(),
        inputs,
        tables,
        runner,
        maxBatch);
  }
}
