package io.fhestreams.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.compiler.CompileReport;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.quantization.Prediction;
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

  /** Leveled models have no keys, but the key id (SHA-256 of the blob) must still tell clients apart. */
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
      assertThat(keys.length).isGreaterThan(io.fhestreams.engine.serialization.EvaluationKeyFormats.LEVELED_IDENTITY_BYTES);
      ids.add(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(keys)));
      assertThat(client.decrypt(server.run(client.quantizeEncrypt(x), keys))).containsExactly(expected);
    }
    assertThat(ids).hasSize(2);
  }

  @Test
  void leveledKeysWithoutIdentity_areRefused() throws Exception {
    ModelArtifacts m = DeployFixtures.wine().artifacts();
    var p = m.server().parameters();
    byte[] empty = io.fhestreams.engine.serialization.BlobWriter.toBytes(
        io.fhestreams.engine.serialization.BlobKind.EVALUATION_KEYS, p.id(), 0, w -> {});
    assertThatThrownBy(() -> FheServer.readEvaluationKeys(empty, p))
        .isInstanceOf(io.fhestreams.engine.serialization.BlobFormatException.class)
        .hasMessageContaining("32-byte identity").hasMessageContaining("payload of 0 bytes");
    byte[] good = FheClient.generateKeys(m.client()).evaluationKeys();
    var copy = new java.io.ByteArrayOutputStream();
    assertThat(io.fhestreams.engine.serialization.EvaluationKeyFormats.copyVerified(new java.io.ByteArrayInputStream(good), copy)
        .parameterSetId()).isEqualTo(p.id());
    assertThat(copy.toByteArray()).isEqualTo(good);
  }

  @Test
  void outputOfAnotherParameterSet_isRefused() throws Exception {
    FheClient client = FheClient.generateKeys(DeployFixtures.wine().artifacts().client());
    assertThatThrownBy(() -> client.decrypt(new byte[] {1, 2, 3})).isInstanceOf(RuntimeException.class);
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
    ParameterSet other = ParameterSets.all().stream()
        .filter(p -> !p.id().equals(m.client().parameterSetId())).findFirst().orElseThrow();
    assertThatThrownBy(() -> FheClient.withKey(m.client(), ClientKey.generate(other)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(other.id());
  }
}
