package io.fhestreams.ml.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerArtifactTest {

  @Test
  void shouldRoundTripThroughItsBlob() throws Exception {
    ServerArtifact a = DeployFixtures.wine().artifacts().server();
    ServerArtifact back = ServerArtifact.fromBytes(a.toBytes());
    assertThat(back.circuit()).isEqualTo(a.circuit());
    assertThat(back.noise()).isEqualTo(a.noise());
    assertThat(back.parameters()).isEqualTo(a.parameters());
    assertThat(back.modelName()).isEqualTo(a.modelName());
  }

  @Test
  void corruptBlob_isRefused() throws Exception {
    byte[] blob = DeployFixtures.wine().artifacts().server().toBytes();
    blob[blob.length / 2] ^= 0x10;
    assertThatThrownBy(() -> ServerArtifact.fromBytes(blob)).hasMessageContaining("CHECKSUM");
  }

  @Test
  void shouldSaveAndLoadAModelDirectory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    ModelArtifacts m = DeployFixtures.wine().artifacts();
    m.save(dir);
    ModelArtifacts back = ModelArtifacts.load(dir);
    assertThat(back.client()).isEqualTo(m.client());
    assertThat(back.server().circuit()).isEqualTo(m.server().circuit());
  }
}
