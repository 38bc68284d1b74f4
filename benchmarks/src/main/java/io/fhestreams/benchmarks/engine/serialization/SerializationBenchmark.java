package io.fhestreams.benchmarks.engine.serialization;

import io.fhestreams.engine.compression.SeededCompression;
import io.fhestreams.engine.entities.LweCiphertextList;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.keys.SeededEvaluationKeys;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.serialization.BlobCheck;
import io.fhestreams.engine.serialization.BlobKind;
import io.fhestreams.engine.serialization.BlobReader;
import io.fhestreams.engine.serialization.CiphertextFormats;
import io.fhestreams.engine.serialization.EvaluationKeyFormats;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
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
 * Server-side costs of the transport formats, one thread: reading a seeded input list of 100 values
 * and regenerating its masks; verifying a seeded evaluation-key blob (what the registry does on
 * upload); loading it into server-ready keys (masks regenerated, bootstrap key to the Fourier
 * domain); writing it. Run: {@code java -jar benchmarks/target/benchmarks.jar
 * SerializationBenchmark -f 1 -wi 2 -i 3 -t 1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class SerializationBenchmark {
  @Param({"V1_1_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M64"})
  public String parameterSet;

  private ParameterSet params;
  private byte[] seededInputs;
  private SeededEvaluationKeys seededKeys;
  private byte[] seededKeyBlob;

  @Setup(Level.Trial)
  public void setUp() {
    params = ParameterSets.byId(parameterSet);
    ClientKey client = ClientKey.generate(params);
    long[] messages = new SplittableRandom(1).longs(100, 0, params.messageModulus()).toArray();
    seededInputs = CiphertextFormats.toBytes(client.encryptSeeded(messages), params);
    seededKeys = SeededEvaluationKeys.generate(client);
    seededKeyBlob = EvaluationKeyFormats.toBytes(seededKeys);
  }

  /** Read + regenerate the masks of 100 seeded inputs. */
  @Benchmark
  public LweCiphertextList readAndDecompressSeededInputs100() {
    return SeededCompression.decompressNew(
        CiphertextFormats.readSeededLweCiphertextList(seededInputs, params, 100));
  }

  /**
   * Registry upload check: header, kind, parameter set, length, checksums of the whole blob (~29
   * MB).
   */
  @Benchmark
  public Object verifySeededEvaluationKeyBlob() throws IOException {
    return BlobReader.copyVerified(
        new ByteArrayInputStream(seededKeyBlob),
        OutputStream.nullOutputStream(),
        BlobCheck.oneOf(params.id(), BlobKind.SEEDED_EVALUATION_KEYS));
  }

  /** Server load: parse, regenerate masks, bootstrap key to the Fourier domain. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  public EvaluationKeys loadSeededEvaluationKeys() throws IOException {
    return EvaluationKeyFormats.readEvaluationKeys(new ByteArrayInputStream(seededKeyBlob), params);
  }

  /** Client side: write the seeded blob. */
  @Benchmark
  public void writeSeededEvaluationKeys() throws IOException {
    EvaluationKeyFormats.write(OutputStream.nullOutputStream(), seededKeys);
  }
}
