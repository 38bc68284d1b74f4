package io.fhestreams.benchmarks.engine;

import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
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

/** Client key and evaluation key (KSK + Fourier BSK) generation, single shot per iteration. */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class KeygenBenchmark {
  @Param({
    "V1_1_PARAM_MESSAGE_1_CARRY_1_KS_PBS_TUNIFORM_2M64",
    "V1_1_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M64"
  })
  public String parameterSet;

  private ParameterSet params;
  private ClientKey client;

  @Setup(Level.Trial)
  public void setUp() {
    params = ParameterSets.byId(parameterSet);
    client = ClientKey.generate(params);
  }

  @Benchmark
  public ClientKey clientKey() {
    return ClientKey.generate(params);
  }

  @Benchmark
  public EvaluationKeys evaluationKeys() {
    return client.generateEvaluationKeys();
  }
}
