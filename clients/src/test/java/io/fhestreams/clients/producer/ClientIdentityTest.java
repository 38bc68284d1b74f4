package io.fhestreams.clients.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.ml.deploy.FheServer;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.ml.models.Dataset;
import io.fhestreams.ml.models.FheLinearModel;
import io.fhestreams.ml.models.ModelCompileOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientIdentityTest {
  private static final Path FIXTURES = Path.of("../fhe-ml/src/test/resources/fixtures");
  static ModelArtifacts artifacts;
  static double[] sample;

  @BeforeAll
  static void compile() throws Exception {
    Dataset train = Dataset.readCsv(FIXTURES.resolve("iris_train.csv"));
    artifacts =
        FheLinearModel.fromOnnx(FIXTURES.resolve("iris_logistic.onnx"))
            .withFeatureNames(train.columns())
            .compile(train.rows(), ModelCompileOptions.defaults())
            .artifacts();
    sample = Dataset.readCsv(FIXTURES.resolve("iris_test.csv")).rows()[0];
  }

  @Test
  void keyIdShouldBeTheSha256OfTheEvaluationKeys() throws Exception {
    ClientIdentity identity = ClientIdentity.generate(artifacts.client());
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.evaluationKeys());
    assertThat(identity.keyId().hex()).isEqualTo(HexFormat.of().formatHex(digest));
    assertThat(ClientIdentity.generate(artifacts.client()).keyId()).isNotEqualTo(identity.keyId());
  }

  @Test
  void savedIdentity_shouldLoadWithTheSameKeyIdAndDecryptItsAnswers(@TempDir Path tmp)
      throws Exception {
    ClientIdentity saved = ClientIdentity.generate(artifacts.client());
    Path keystore = tmp.resolve("dir/alice.keystore");
    saved.save(keystore, "pw".toCharArray());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore)))
        .isEqualTo("rw-------");
    ClientIdentity loaded = ClientIdentity.load(keystore, "pw".toCharArray(), artifacts.client());
    assertThat(loaded.keyId()).isEqualTo(saved.keyId());
    FheServer server = FheServer.of(artifacts.server());
    byte[] out = server.run(saved.client().quantizeEncrypt(sample), saved.evaluationKeys());
    assertThat(loaded.client().decrypt(out))
        .containsExactly(server.runClear(artifacts.client().quantize(sample)));
  }

  @Test
  void loadOrGenerate_shouldGenerateOnceThenLoad(@TempDir Path tmp) throws Exception {
    Path keystore = tmp.resolve("k");
    ClientIdentity first = ClientIdentity.loadOrGenerate(keystore, null, artifacts.client());
    ClientIdentity second = ClientIdentity.loadOrGenerate(keystore, null, artifacts.client());
    assertThat(second.keyId()).isEqualTo(first.keyId());
  }

  @Test
  void missingEvaluationKeys_failNamingTheFile(@TempDir Path tmp) throws Exception {
    Path keystore = tmp.resolve("k");
    ClientIdentity.generate(artifacts.client()).save(keystore, null);
    Files.delete(ClientIdentity.evaluationKeysFile(keystore));
    assertThatThrownBy(() -> ClientIdentity.load(keystore, null, artifacts.client()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("k.evk");
  }

  @Test
  void toString_printsNoKeyMaterial() {
    ClientIdentity identity = ClientIdentity.generate(artifacts.client());
    assertThat(identity.toString())
        .contains(identity.keyId().hex())
        .contains("key material not printed");
  }
}
