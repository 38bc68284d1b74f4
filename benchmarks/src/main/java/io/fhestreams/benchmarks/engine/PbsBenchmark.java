package io.fhestreams.benchmarks.engine;

import io.fhestreams.engine.algorithms.BootstrapWorkspace;
import io.fhestreams.engine.algorithms.LookupTables;
import io.fhestreams.engine.algorithms.LweKeyswitch;
import io.fhestreams.engine.algorithms.ProgrammableBootstrap;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
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

/**
 * Key switch + programmable bootstrap (KS-PBS) of one ciphertext per parameter set, one thread;
 * also the key switch alone. Run: {@code java -jar benchmarks/target/benchmarks.jar PbsBenchmark -f
 * 1 -wi 3 -i 5 -t 1}. The default run covers the 2^-128 2- and 4-bit sets (centered-mean modulus
 * switch), the compiler's default sets; run the 2^-64 ones, or any set, with {@code -p
 * parameterSet=V1_1_PARAM_MESSAGE_1_CARRY_1_KS_PBS_TUNIFORM_2M64,V1_1_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M64}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g", "--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class PbsBenchmark {
  @Param({
    "V1_4_PARAM_MESSAGE_1_CARRY_1_KS_PBS_TUNIFORM_2M128",
    "V1_4_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128"
  })
  public String parameterSet;

  private ParameterSet params;
  private EvaluationKeys keys;
  private LweCiphertext input;
  private LweCiphertext output;
  private LweCiphertext small;
  private LookupTable lut;
  private BootstrapWorkspace workspace;

  @Setup(Level.Trial)
  public void setUp() {
    params = ParameterSets.byId(parameterSet);
    ClientKey client = ClientKey.generate(params);
    keys = client.generateEvaluationKeys();
    input = client.encrypt(1);
    output = LweCiphertext.zeros(input.dimension());
    small = LweCiphertext.zeros(params.lweDimension());
    lut = LookupTables.forFunction(params, x -> (x * x + 1) % params.messageModulus());
    workspace = BootstrapWorkspace.forKey(keys.bootstrapKey());
  }

  @Benchmark
  public LweCiphertext keyswitchAndBootstrap() {
    ProgrammableBootstrap.bootstrapInPlace(
        keys.bootstrapKey(),
        keys.keyswitchKey(),
        params.modulusSwitch(),
        input,
        lut,
        output,
        workspace);
    return output;
  }

  @Benchmark
  public LweCiphertext keyswitchOnly() {
    LweKeyswitch.keyswitchInPlace(keys.keyswitchKey(), input, small);
    return small;
  }
}
