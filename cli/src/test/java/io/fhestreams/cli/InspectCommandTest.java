package io.fhestreams.cli;

import static io.fhestreams.cli.CliFixtures.FIXTURES;
import static io.fhestreams.cli.CliFixtures.fhe;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {

  @Test
  void shouldPrintTheSameReportAsCompile(@TempDir Path tmp) {
    Path out = tmp.resolve("m");
    CliFixtures.Run compile =
        fhe(
            "compile",
            "--model",
            FIXTURES.resolve("diabetes_poisson.onnx").toString(),
            "--calibration",
            FIXTURES.resolve("diabetes_train.csv").toString(),
            "--out",
            out.toString());
    assertThat(compile.exitCode()).as(compile.err()).isZero();
    CliFixtures.Run inspect = fhe("inspect", out.toString());
    assertThat(inspect.exitCode()).as(inspect.err()).isZero();
    assertThat(compile.out()).endsWith(inspect.out());
    assertThat(inspect.out())
        .contains("PostProcessing[EXP]", "10 features", "evaluation keys      0 B");
  }

  @Test
  void corruptArtifact_failsNamingTheFileAndTheReason(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("m");
    assertThat(
            fhe(
                    "compile",
                    "--model",
                    FIXTURES.resolve("iris_linear_svc.onnx").toString(),
                    "--calibration",
                    FIXTURES.resolve("iris_train.csv").toString(),
                    "--out",
                    out.toString())
                .exitCode())
        .isZero();
    Path client = out.resolve("client.fhe");
    byte[] bytes = Files.readAllBytes(client);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(client, bytes);
    CliFixtures.Run run = fhe("inspect", out.toString());
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err())
        .startsWith("fhe inspect: ")
        .contains("client.fhe")
        .containsIgnoringCase("checksum");
    assertThat(fhe("inspect", tmp.resolve("nowhere").toString()).err()).contains("does not exist");
  }
}
