package io.fhestreams.cli;

import static io.fhestreams.cli.CliFixtures.fhe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.clients.producer.ClientIdentity;
import io.fhestreams.ml.deploy.ClientArtifact;
import io.fhestreams.ml.deploy.ModelArtifacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeygenCommandTest {

  @Test
  void shouldWriteAnOwnerOnlyKeystoreAndPrintTheKeyIdOfItsEvaluationKeys(@TempDir Path tmp)
      throws Exception {
    Path model = CliFixtures.compile(tmp, "iris", "logistic");
    Path keystore = tmp.resolve("keys/alice.keystore");
    CliFixtures.Run run =
        fhe("keygen", "--model", model.toString(), "--keystore", keystore.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore)))
        .isEqualTo("rw-------");
    ClientIdentity loaded =
        ClientIdentity.load(
            keystore, null, ClientArtifact.load(model.resolve(ModelArtifacts.CLIENT_FILE)));
    assertThat(run.out())
        .contains("key id           " + loaded.keyId().hex())
        .contains("(no password)");
  }

  @Test
  void shouldProtectTheKeystoreWithThePasswordFile(@TempDir Path tmp) throws Exception {
    Path model = CliFixtures.compile(tmp, "iris", "logistic");
    Path keystore = tmp.resolve("bob.keystore");
    Path password = Files.writeString(tmp.resolve("pw"), "correct horse\n");
    CliFixtures.Run run =
        fhe(
            "keygen",
            "--model",
            model.toString(),
            "--keystore",
            keystore.toString(),
            "--password-file",
            password.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    ClientArtifact artifact = ClientArtifact.load(model.resolve(ModelArtifacts.CLIENT_FILE));
    assertThat(ClientIdentity.load(keystore, "correct horse".toCharArray(), artifact).keyId().hex())
        .isNotBlank();
    assertThatThrownBy(() -> ClientIdentity.load(keystore, "wrong".toCharArray(), artifact))
        .hasMessageContaining("wrong password");
    assertThatThrownBy(() -> ClientIdentity.load(keystore, null, artifact))
        .hasMessageContaining("password");
  }

  @Test
  void existingKeystore_isNotReplacedWithoutForce(@TempDir Path tmp) throws Exception {
    Path model = CliFixtures.compile(tmp, "iris", "logistic");
    Path keystore = tmp.resolve("k.keystore");
    assertThat(
            fhe("keygen", "--model", model.toString(), "--keystore", keystore.toString())
                .exitCode())
        .isZero();
    byte[] before = Files.readAllBytes(keystore);
    CliFixtures.Run again =
        fhe("keygen", "--model", model.toString(), "--keystore", keystore.toString());
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err().strip())
        .isEqualTo(
            "fhe keygen: keystore " + keystore + " already exists (use --force to replace it)");
    assertThat(Files.readAllBytes(keystore)).isEqualTo(before);
    assertThat(
            fhe("keygen", "--model", model.toString(), "--keystore", keystore.toString(), "--force")
                .exitCode())
        .isZero();
    assertThat(Files.readAllBytes(keystore)).isNotEqualTo(before);
  }

  @Test
  void missingModel_failsWithOneLineNamingIt(@TempDir Path tmp) {
    CliFixtures.Run run =
        fhe(
            "keygen",
            "--model",
            tmp.resolve("nope").toString(),
            "--keystore",
            tmp.resolve("k").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .startsWith("fhe keygen: model directory")
        .contains("nope")
        .doesNotContain("\n");
  }
}
