package io.fhestreams.cli;

import static io.fhestreams.cli.CliFixtures.FIXTURES;
import static io.fhestreams.cli.CliFixtures.fhe;
import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.cli.demo.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * publish, keygen, send and watch against a real broker, registry and streams app in this process.
 */
class ClientCommandsIT {

  @Test
  void sendShouldWriteTheClearModelsPredictionsAndWatchShouldSeeThem(@TempDir Path tmp)
      throws Exception {
    Path model = CliFixtures.compile(tmp, "breast_cancer", "logistic");
    List<String> lines = Files.readAllLines(FIXTURES.resolve("breast_cancer_test.csv"));
    Path input = Files.write(tmp.resolve("input.csv"), lines.subList(0, 16));
    Path clearOut = tmp.resolve("clear.csv");
    assertThat(
            fhe(
                    "predict",
                    "--model",
                    model.toString(),
                    "--input",
                    input.toString(),
                    "--mode",
                    "clear",
                    "--out",
                    clearOut.toString())
                .exitCode())
        .isZero();
    Path keystore = tmp.resolve("alice.keystore");
    Path password = Files.writeString(tmp.resolve("pw"), "s3cret\n");
    try (LocalStack stack = LocalStack.start(tmp.resolve("stack"))) {
      String registry = stack.registryUri().toString();
      CliFixtures.Run publish =
          fhe(
              "publish",
              "--model",
              model.toString(),
              "--registry",
              registry,
              "--token",
              stack.token(),
              "--name",
              "bc");
      assertThat(publish.exitCode()).as(publish.err()).isZero();
      CliFixtures.Run keygen =
          fhe(
              "keygen",
              "--model",
              model.toString(),
              "--keystore",
              keystore.toString(),
              "--password-file",
              password.toString());
      assertThat(keygen.exitCode()).as(keygen.err()).isZero();

      Path out = tmp.resolve("predictions.csv");
      CliFixtures.Run send =
          fhe(
              "send",
              "--model",
              model.toString(),
              "--keystore",
              keystore.toString(),
              "--password-file",
              password.toString(),
              "--input",
              input.toString(),
              "--bootstrap-servers",
              stack.bootstrapServers(),
              "--registry",
              registry,
              "--token",
              stack.token(),
              "--name",
              "bc",
              "--out",
              out.toString());
      assertThat(send.exitCode()).as(send.err()).isZero();
      List<String> sent = Files.readAllLines(out);
      List<String> clear = Files.readAllLines(clearOut);
      assertThat(sent).hasSize(16);
      for (int i = 1; i < 16; i++) {
        assertThat(sent.get(i).split(",")[1]).as("row %d", i).isEqualTo(clear.get(i).split(",")[0]);
      }

      CliFixtures.Run watch =
          fhe(
              "watch",
              "--model",
              model.toString(),
              "--keystore",
              keystore.toString(),
              "--password-file",
              password.toString(),
              "--bootstrap-servers",
              stack.bootstrapServers(),
              "--schema-registry",
              registry,
              "--schema-registry-token",
              stack.token(),
              "--from-beginning",
              "--count",
              "15",
              "--idle",
              "PT30S");
      assertThat(watch.exitCode()).as(watch.err()).isZero();
      assertThat(watch.out().lines().filter(l -> l.contains("bc v1  prediction"))).hasSize(15);
      for (int i = 1; i < 16; i++) {
        assertThat(watch.out()).contains(sent.get(i).split(",")[0]);
      }

      CliFixtures.Run unknown =
          fhe(
              "send",
              "--model",
              model.toString(),
              "--keystore",
              keystore.toString(),
              "--password-file",
              password.toString(),
              "--input",
              input.toString(),
              "--bootstrap-servers",
              stack.bootstrapServers(),
              "--registry",
              registry,
              "--token",
              stack.token(),
              "--name",
              "bc",
              "--model-version",
              "7");
      assertThat(unknown.exitCode()).isEqualTo(3);
      assertThat(unknown.err().strip())
          .startsWith("fhe send: 15 of 15 requests failed; first: request")
          .contains("UNKNOWN_MODEL")
          .doesNotContain("\n");
    }
  }

  @Test
  void sendToAStage_encryptsForItsCurrentVersion_andSaysWhichVersionAnswered(@TempDir Path tmp)
      throws Exception {
    Path model = CliFixtures.compile(tmp, "breast_cancer", "logistic");
    List<String> lines = Files.readAllLines(FIXTURES.resolve("breast_cancer_test.csv"));
    Path input = Files.write(tmp.resolve("input.csv"), lines.subList(0, 6));
    Path keystore = tmp.resolve("bob.keystore");
    try (LocalStack stack = LocalStack.start(tmp.resolve("stack"))) {
      String registry = stack.registryUri().toString();
      List<String> publish =
          List.of(
              "publish",
              "--model",
              model.toString(),
              "--registry",
              registry,
              "--token",
              stack.token(),
              "--name",
              "bc");
      assertThat(fhe(publish.toArray(String[]::new)).exitCode()).isZero();
      assertThat(
              fhe("keygen", "--model", model.toString(), "--keystore", keystore.toString())
                  .exitCode())
          .isZero();
      List<String> send =
          List.of(
              "send",
              "--model",
              model.toString(),
              "--keystore",
              keystore.toString(),
              "--input",
              input.toString(),
              "--bootstrap-servers",
              stack.bootstrapServers(),
              "--registry",
              registry,
              "--token",
              stack.token(),
              "--name",
              "bc",
              "--stage");

      CliFixtures.Run first = fhe(with(send, "production"));
      assertThat(first.exitCode()).as(first.err()).isZero();
      assertThat(first.err()).contains("stage production answered by version(s) {1=5}");
      // the same compiled model published again and promoted (fhe publish promotes by default)
      assertThat(fhe(publish.toArray(String[]::new)).exitCode()).isZero();
      CliFixtures.Run second = fhe(with(send, "production"));
      assertThat(second.exitCode()).as(second.err()).isZero();
      assertThat(second.err()).contains("answered by version(s) {2=5}");
      assertThat(second.out().lines().skip(1).map(l -> l.split(",")[1]).toList())
          .isEqualTo(first.out().lines().skip(1).map(l -> l.split(",")[1]).toList());

      CliFixtures.Run unknown = fhe(with(send, "canary"));
      assertThat(unknown.exitCode()).isNotZero();
      assertThat(unknown.err().strip())
          .contains("stage must be one of [staging, production, archived], found 'canary'")
          .doesNotContain("\n");
      CliFixtures.Run empty = fhe(with(send, "staging"));
      assertThat(empty.exitCode()).isNotZero();
      assertThat(empty.err().strip()).contains("model bc has no version in stage 'staging'");
    }
  }

  private static String[] with(List<String> args, String last) {
    List<String> all = new java.util.ArrayList<>(args);
    all.add(last);
    return all.toArray(String[]::new);
  }
}
