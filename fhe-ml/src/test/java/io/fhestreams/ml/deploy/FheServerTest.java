package io.fhestreams.ml.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.params.PolynomialSize;
import io.fhestreams.engine.serialization.BlobFormatException;
import io.fhestreams.engine.serialization.BlobKind;
import io.fhestreams.engine.serialization.BlobWriter;
import io.fhestreams.engine.serialization.CiphertextFormats;
import io.fhestreams.ml.compiler.CoefficientEncoding;
import org.junit.jupiter.api.Test;

class FheServerTest {

  @Test
  void inputsOfTheWrongSizeOrKind_areRefusedWithTheReason() throws Exception {
    ModelArtifacts m = DeployFixtures.wine().artifacts();
    FheClient client = FheClient.generateKeys(m.client());
    FheServer server = FheServer.of(m.server());
    byte[] keys = client.evaluationKeys();
    ParameterSet set = m.server().parameters();
    // wine: 3 outputs of 13 inputs, coefficient-encoded in one GLWE ciphertext of k' = 32, N' = 64
    assertThat(m.server().coefficientEncoding())
        .contains(new CoefficientEncoding(new GlweDimension(32), new PolynomialSize(64)));
    assertThatThrownBy(() -> client.encrypt(new long[4]))
        .hasMessageContaining("has 13 circuit inputs, found 4");
    byte[] lweList = CiphertextFormats.toBytes(client.clientKey().encryptSeeded(new long[13]), set);
    assertThatThrownBy(() -> server.run(lweList, keys))
        .isInstanceOf(BlobFormatException.class)
        .hasMessageContaining("SEEDED_LWE_CIPHERTEXT_LIST");
    byte[] otherShape =
        CiphertextFormats.toBytes(
            client
                .clientKey()
                .encryptSeededGlwe(
                    new long[128],
                    new GlweDimension(16),
                    new PolynomialSize(128),
                    new CiphertextModulusLog(46)),
            set);
    assertThatThrownBy(() -> server.run(otherShape, keys))
        .isInstanceOf(BlobFormatException.class)
        .hasMessageContaining("has k=16, N=128, 46 body bits; expected k=32, N=64, 46 body bits");
    byte[] good = client.quantizeEncrypt(DeployFixtures.wineTest()[0]);
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 8);
    assertThatThrownBy(() -> server.run(truncated, keys)).isInstanceOf(BlobFormatException.class);
    assertThatThrownBy(() -> server.run(keys, keys)).isInstanceOf(BlobFormatException.class);
    byte[] tampered = client.quantizeEncrypt(DeployFixtures.wineTest()[0]);
    tampered[tampered.length - 9] ^= 4;
    assertThatThrownBy(() -> server.run(tampered, keys))
        .isInstanceOf(BlobFormatException.class)
        .hasMessageContaining("CHECKSUM");
  }

  @Test
  void evaluationKeysOfAnotherParameterSet_areRefused() throws Exception {
    ModelArtifacts m = DeployFixtures.wine().artifacts();
    FheClient client = FheClient.generateKeys(m.client());
    byte[] foreign =
        BlobWriter.toBytes(
            BlobKind.EVALUATION_KEYS,
            ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64.id(),
            0,
            w -> {});
    assertThatThrownBy(
            () ->
                FheServer.of(m.server())
                    .run(client.quantizeEncrypt(DeployFixtures.wineTest()[0]), foreign))
        .isInstanceOf(BlobFormatException.class)
        .hasMessageContaining(ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64.id());
  }

  @Test
  void simulationShouldEqualClearForALeveledModel() throws Exception {
    ModelArtifacts m = DeployFixtures.wine().artifacts();
    FheServer server = FheServer.of(m.server());
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    for (double[] x : DeployFixtures.wineTest()) {
      long[] q = m.client().quantize(x);
      assertThat(server.runSimulated(q, random)).containsExactly(server.runClear(q));
    }
  }

  /**
   * A bootstrapping circuit through bytes only: seeded evaluation keys, seeded inputs, lookups on
   * the server.
   */
  @Test
  void lookupCircuitShouldRunEncryptedThroughBlobs() throws Exception {
    io.fhestreams.ml.circuit.CircuitBuilder b = new io.fhestreams.ml.circuit.CircuitBuilder();
    int x = b.input("x", 2, io.fhestreams.ml.circuit.ValueRange.unsigned(2));
    b.output(b.tableLookup(x, 0, new long[] {2, 3, 0, 1}), "y");
    io.fhestreams.ml.compiler.CompiledCircuit c =
        io.fhestreams.ml.compiler.Compiler.compile(b.build());
    assertThat(c.parameters()).isEqualTo(ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M128);
    io.fhestreams.ml.quantization.UniformQuantizer unit =
        new io.fhestreams.ml.quantization.UniformQuantizer(
            1, 0, new io.fhestreams.ml.quantization.NBits(2), false);
    ClientArtifact clientArtifact =
        new ClientArtifact(
            "lut",
            "1",
            java.util.List.of("a", "b"),
            java.util.List.of(unit, unit),
            new double[] {1, 1},
            new double[2],
            io.fhestreams.ml.quantization.PostProcessing.regression(
                io.fhestreams.ml.quantization.Activation.IDENTITY),
            c.parameters().id(),
            c.report(),
            IoLayout.DIRECT,
            c.packedOutputs());
    ServerArtifact serverArtifact =
        new ServerArtifact(
            "lut",
            "1",
            c.parameters(),
            c.circuit(),
            c.noise(),
            c.outputModulusLog(),
            c.packedOutputs());
    assertThat(c.packedOutputs()).isTrue();
    FheClient client = FheClient.generateKeys(ClientArtifact.fromBytes(clientArtifact.toBytes()));
    FheServer server = FheServer.of(ServerArtifact.fromBytes(serverArtifact.toBytes()));
    byte[] keyBlob = client.evaluationKeys();
    assertThat((long) keyBlob.length).isEqualTo(c.report().evaluationKeyBytes());
    io.fhestreams.engine.keys.EvaluationKeys keys =
        FheServer.readEvaluationKeys(keyBlob, c.parameters());
    java.util.concurrent.atomic.AtomicInteger tasks =
        new java.util.concurrent.atomic.AtomicInteger();
    io.fhestreams.engine.algorithms.TaskRunner counting =
        new io.fhestreams.engine.algorithms.TaskRunner() {
          @Override
          public int parallelism() {
            return 2;
          }

          @Override
          public void runAll(java.util.List<? extends Runnable> work) {
            tasks.addAndGet(work.size());
            work.forEach(Runnable::run);
          }
        };
    assertThat(server.bootstrapsPerSample()).isEqualTo(2);
    for (long[] q : new long[][] {{0, 1}, {2, 3}}) {
      assertThat(client.decrypt(server.run(client.encrypt(q), keys)))
          .containsExactly(server.runClear(q));
      byte[] out = server.run(client.encrypt(q), keys, counting);
      assertThat(io.fhestreams.engine.serialization.BlobReader.readHeader(out).kind())
          .isEqualTo(BlobKind.MODULUS_SWITCHED_GLWE_CIPHERTEXT_LIST);
      assertThat((long) out.length).isEqualTo(c.report().outputBytesPerSample());
      assertThat(client.decrypt(out)).containsExactly(server.runClear(q));
    }
    assertThat(tasks.get()).as("the caller's runner ran the bootstraps").isEqualTo(4);
    assertThatThrownBy(
            () ->
                FheServer.readEvaluationKeys(
                    keyBlob, ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64))
        .isInstanceOf(BlobFormatException.class);
  }
}
