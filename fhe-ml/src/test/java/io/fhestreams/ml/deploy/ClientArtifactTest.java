package io.fhestreams.ml.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.serialization.BlobFormatException;
import org.junit.jupiter.api.Test;

class ClientArtifactTest {

  @Test
  void shouldRoundTripThroughItsBlob() throws Exception {
    ClientArtifact a = DeployFixtures.wine().artifacts().client();
    ClientArtifact back = ClientArtifact.fromBytes(a.toBytes());
    assertThat(back).isEqualTo(a);
    assertThat(back.featureNames()).hasSize(13).first().isEqualTo("f0_alcohol");
    double[] x = DeployFixtures.wineTest()[0];
    assertThat(back.quantize(x)).containsExactly(a.quantize(x));
  }

  @Test
  void corruptOrForeignBlob_isRefusedWithTheReason() throws Exception {
    ModelArtifacts m = DeployFixtures.wine().artifacts();
    byte[] blob = m.client().toBytes();
    blob[blob.length - 10] ^= 1;
    assertThatThrownBy(() -> ClientArtifact.fromBytes(blob))
        .isInstanceOf(BlobFormatException.class)
        .hasMessageContaining("CHECKSUM");
    assertThatThrownBy(() -> ClientArtifact.fromBytes(m.server().toBytes()))
        .isInstanceOf(BlobFormatException.class)
        .hasMessageContaining("SERVER_ARTIFACT");
    byte[] truncated = java.util.Arrays.copyOf(m.client().toBytes(), 40);
    assertThatThrownBy(() -> ClientArtifact.fromBytes(truncated))
        .isInstanceOf(BlobFormatException.class);
  }

  @Test
  void wrongFeatureCount_fails() throws Exception {
    ClientArtifact a = DeployFixtures.wine().artifacts().client();
    assertThatThrownBy(() -> a.quantize(new double[4]))
        .hasMessageContaining("expects 13 features")
        .hasMessageContaining("found 4");
  }
}
