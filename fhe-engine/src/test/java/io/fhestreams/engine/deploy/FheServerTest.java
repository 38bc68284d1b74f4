package io.fhestreams.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.serialization.BlobFormatException;
import io.fhestreams.engine.serialization.BlobKind;
import io.fhestreams.engine.serialization.BlobWriter;
import org.junit.jupiter.api.Test;

class FheServerTest {

  @Test
  void inputsOfTheWrongSizeOrKind_areRefusedWithTheReason() throws Exception {
    ModelArtifacts m = DeployFixtures.wine().artifacts();
    FheClient client = FheClient.generateKeys(m.client());
    FheServer server = FheServer.of(m.server());
    byte[] keys = client.evaluationKeys();
    assertThatThrownBy(() -> server.run(client.encrypt(new long[4]), keys))
        .hasMessageContaining("expects 13 input ciphertexts, found 4");
    assertThatThrownBy(() -> server.run(keys, keys)).isInstanceOf(BlobFormatException.class);
    byte[] tampered = client.quantizeEncrypt(DeployFixtures.wineTest()[0]);
    tampered[tampered.length - 9] ^= 4;
    assertThatThrownBy(() -> server.run(tampered, keys)).isInstanceOf(BlobFormatException.class).hasMessageContaining("CHECKSUM");
  }

  @Test
  void evaluationKeysOfAnotherParameterSet_areRefused() throws Exception {
    ModelArtifacts m = DeployFixtures.wine().artifacts();
    FheClient client = FheClient.generateKeys(m.client());
    byte[] foreign = BlobWriter.toBytes(BlobKind.EVALUATION_KEYS, ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64.id(), 0, w -> {});
    assertThatThrownBy(() -> FheServer.of(m.server()).run(client.quantizeEncrypt(DeployFixtures.wineTest()[0]), foreign))
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
}
