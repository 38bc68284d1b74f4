package io.fhestreams.cli;

import static io.fhestreams.cli.CliFixtures.FIXTURES;
import static io.fhestreams.cli.CliFixtures.fhe;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code fhe compile} and {@code fhe predict --mode clear} on tree ensembles (XGBoost JSON, ONNX).
 */
class TreeModelCommandsTest {

  @ParameterizedTest
  @CsvSource({
    "wine,wine_xgb.json,wine_xgb",
    "breast_cancer,breast_cancer_random_forest.onnx,breast_cancer_random_forest"
  })
  void compileAndPredictClear_agreeWithTheOriginalLibrary(
      String dataset, String file, String ref, @TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("model");
    CliFixtures.Run compile =
        fhe(
            "compile",
            "--model",
            FIXTURES.resolve("trees").resolve(file).toString(),
            "--calibration",
            FIXTURES.resolve(dataset + "_train.csv").toString(),
            "--out",
            out.toString());
    assertThat(compile.exitCode()).as(compile.err()).isZero();
    assertThat(compile.out()).contains("MESSAGE_2_CARRY_2");
    CliFixtures.Run inspect = fhe("inspect", out.toString());
    assertThat(inspect.exitCode()).as(inspect.err()).isZero();
    assertThat(inspect.out()).contains("i/o layout           IoLayout[thermometer inputs");

    Path csv = tmp.resolve("clear.csv");
    CliFixtures.Run predict =
        fhe(
            "predict",
            "--model",
            out.toString(),
            "--input",
            FIXTURES.resolve(dataset + "_test.csv").toString(),
            "--mode",
            "clear",
            "--out",
            csv.toString());
    assertThat(predict.exitCode()).as(predict.err()).isZero();
    List<String> rows = Files.readAllLines(csv);
    List<String> expected = Files.readAllLines(FIXTURES.resolve("trees").resolve(ref + "_ref.csv"));
    assertThat(rows.get(0)).matches("prediction,(proba|score)_0,(proba|score)_1.*");
    assertThat(rows).hasSameSizeAs(expected);
    int agree = 0;
    for (int i = 1; i < rows.size(); i++) {
      agree +=
          Double.parseDouble(rows.get(i).split(",")[0])
                  == Double.parseDouble(expected.get(i).split(",")[0])
              ? 1
              : 0;
    }
    // the quantized model's labels agree with the library's on at least 95% of the test rows
    assertThat(agree).isGreaterThanOrEqualTo((int) Math.ceil(0.95 * (rows.size() - 1)));
  }
}
