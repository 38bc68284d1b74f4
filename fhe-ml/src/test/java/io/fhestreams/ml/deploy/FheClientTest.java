package io.fhestreams.ml.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.ml.compiler.CompileReport;
import io.fhestreams.ml.quantization.Prediction;
import org.junit.jupiter.api.Test;

class FheClientTest {

  /** The full client → server → client path through bytes only, on every wine test sample. */
  @Test
  void encryptedRoundTripShouldEqualTheClearQuantizedModel() throws Exception {
    ModelArtifacts m = DeployFixtures.wine().artifacts();
    // each role gets only its own half, read back from bytes
    FheClient client = FheClient.generateKeys(ClientArtifact.fromBytes(m.client().toBytes()));
    FheServer server = FheServer.of(ServerArtifact.fromBytes(m.server().toBytes()));
    byte[] keys = client.evaluationKeys();
    CompileReport report = m.client().report();
    for (double[] x : DeployFixtures.wineTest()) {
      byte[] in = client.quantizeEncrypt(x);
      byte[] out = server.run(in, keys);
      assertThat((long) in.length).isEqualTo(report.inputBytesPerSample());
      assertThat((long) out.length).isEqualTo(report.outputBytesPerSample());
      long[] q = m.client().quantize(x);
      assertThat(client.decrypt(out)).containsExactly(server.runClear(q));
      Prediction p = client.decryptDequantize(out);
      assertThat(p).isEqualTo(m.client().dequantize(server.runClear(q)));
    }
  }

  @Test
  void keyMaterial_isNeverPrinted() throws Exception {
    FheClient client = FheClient.generateKeys(DeployFixtures.wine().artifacts().client());
    assertThat(client.toString()).contains("key material not printed");
    assertThat(client.clientKey().toString()).contains("not printed");
  }

  @Test
  void anotherClientsOutput_decryptsToGarbageNotAnError() throws Exception {
    ModelArtifacts m = DeployFixtures.wine().artifacts();
    FheClient alice = FheClient.generateKeys(m.client());
    FheClient bob = FheClient.generateKeys(m.client());
    FheServer server = FheServer.of(m.server());
    double[] x = DeployFixtures.wineTest()[3];
    byte[] out = server.run(alice.quantizeEncrypt(x), alice.evaluationKeys());
    assertThat(bob.decrypt(out)).isNotEqualTo(alice.decrypt(out));
  }

  /**
   * Leveled models have no keys, but the key id (SHA-256 of the blob) must still tell clients
   * apart.
   */
  /**
   * A circuit whose outputs are signed, compiled for a bootstrapping set: the client decodes the
   * negative outputs as negative (before the fix they came back as large unsigned values, e.g. −2
   * as 2 under the 2-bit set), the padding bit holding the sign of an output that is never
   * bootstrapped.
   */
  @Test
  void signedOutputsOfABootstrappedCircuit_decodeSigned() throws Exception {
    io.fhestreams.ml.circuit.CircuitBuilder b = new io.fhestreams.ml.circuit.CircuitBuilder();
    int x = b.input("x", 4, io.fhestreams.ml.circuit.ValueRange.unsigned(2));
    int t = b.tableLookup(x, 0, new long[] {3, 1, 0, 2});
    b.output(b.addConstant(t, new long[] {-2, -2, -2, -2}), "t_minus_2");
    io.fhestreams.ml.circuit.Circuit c = b.build();
    var compiled = io.fhestreams.ml.compiler.Compiler.compile(c);
    assertThat(compiled.parameters().supportsBootstrap()).isTrue();
    var quantizer =
        io.fhestreams.ml.quantization.UniformQuantizer.calibrateAffine(
            new double[] {0, 3}, new io.fhestreams.ml.quantization.NBits(2));
    ClientArtifact clientHalf =
        new ClientArtifact(
            "signed",
            "1",
            java.util.List.of("a", "b", "c", "d"),
            java.util.Collections.nCopies(4, quantizer),
            new double[] {1, 1, 1, 1},
            new double[4],
            new io.fhestreams.ml.quantization.PostProcessing(
                io.fhestreams.ml.quantization.Activation.IDENTITY, new long[] {0, 1, 2, 3}),
            compiled.parameters().id(),
            compiled.report());
    ServerArtifact serverHalf =
        new ServerArtifact(
            "signed", "1", compiled.parameters(), c, compiled.noise(), compiled.outputModulusLog());
    FheClient client = FheClient.generateKeys(clientHalf);
    FheServer server = FheServer.of(serverHalf);
    long[] all = {0, 1, 2, 3};
    byte[] out = server.run(client.encrypt(all), client.evaluationKeys());
    assertThat(server.runClear(all)).containsExactly(1, -1, -2, 0);
    assertThat(client.decrypt(out)).containsExactly(1, -1, -2, 0);
  }

  @Test
  void twoLeveledClients_getDistinctKeyIdsAndBothEvaluate() throws Exception {
    ModelArtifacts m = DeployFixtures.wine().artifacts();
    FheServer server = FheServer.of(m.server());
    java.util.Set<String> ids = new java.util.HashSet<>();
    double[] x = DeployFixtures.wineTest()[1];
    long[] expected = server.runClear(m.client().quantize(x));
    for (int i = 0; i < 2; i++) {
      FheClient client = FheClient.generateKeys(m.client());
      byte[] keys = client.evaluationKeys();
      assertThat(client.evaluationKeys()).as("stable per client").isEqualTo(keys);
      assertThat(keys.length)
          .isGreaterThan(
              io.fhestreams.engine.serialization.EvaluationKeyFormats.LEVELED_IDENTITY_BYTES);
      ids.add(
          java.util.HexFormat.of()
              .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(keys)));
      assertThat(client.decrypt(server.run(client.quantizeEncrypt(x), keys)))
          .containsExactly(expected);
    }
    assertThat(ids).hasSize(2);
  }

  @Test
  void leveledKeysWithoutIdentity_areRefused() throws Exception {
    ModelArtifacts m = DeployFixtures.wine().artifacts();
    var p = m.server().parameters();
    byte[] empty =
        io.fhestreams.engine.serialization.BlobWriter.toBytes(
            io.fhestreams.engine.serialization.BlobKind.EVALUATION_KEYS, p.id(), 0, w -> {});
    assertThatThrownBy(() -> FheServer.readEvaluationKeys(empty, p))
        .isInstanceOf(io.fhestreams.engine.serialization.BlobFormatException.class)
        .hasMessageContaining("32-byte identity")
        .hasMessageContaining("payload of 0 bytes");
    byte[] good = FheClient.generateKeys(m.client()).evaluationKeys();
    var copy = new java.io.ByteArrayOutputStream();
    assertThat(
            io.fhestreams.engine.serialization.EvaluationKeyFormats.copyVerified(
                    new java.io.ByteArrayInputStream(good), copy)
                .parameterSetId())
        .isEqualTo(p.id());
    assertThat(copy.toByteArray()).isEqualTo(good);
  }

  @Test
  void outputOfAnotherParameterSet_isRefused() throws Exception {
    FheClient client = FheClient.generateKeys(DeployFixtures.wine().artifacts().client());
    assertThatThrownBy(() -> client.decrypt(new byte[] {1, 2, 3}))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void shouldDecryptWithTheSameKeyGivenBack() throws Exception {
    ModelArtifacts m = DeployFixtures.wine().artifacts();
    FheClient first = FheClient.generateKeys(m.client());
    FheClient again = FheClient.withKey(m.client(), first.clientKey());
    FheServer server = FheServer.of(m.server());
    double[] x = DeployFixtures.wineTest()[5];
    byte[] out = server.run(first.quantizeEncrypt(x), first.evaluationKeys());
    assertThat(again.decrypt(out)).containsExactly(first.decrypt(out));
  }

  @Test
  void keyOfAnotherParameterSet_isRefused() throws Exception {
    ModelArtifacts m = DeployFixtures.wine().artifacts();
    ParameterSet other =
        ParameterSets.all().stream()
            .filter(p -> !p.id().equals(m.client().parameterSetId()))
            .findFirst()
            .orElseThrow();
    assertThatThrownBy(() -> FheClient.withKey(m.client(), ClientKey.generate(other)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(other.id());
  }
}
