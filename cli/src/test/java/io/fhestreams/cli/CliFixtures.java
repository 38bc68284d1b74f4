package io.fhestreams.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs {@code fhe} in process on the engine's fixtures and captures its output. */
final class CliFixtures {
  static final Path FIXTURES = Path.of("../fhe-ml/src/test/resources/fixtures");

  private CliFixtures() {}

  /** The outcome of one invocation. */
  record Run(int exitCode, String out, String err) {}

  /** Compiles {@code dataset_model.onnx} on its training set into {@code tmp}. */
  static Path compile(Path tmp, String dataset, String model) {
    Path out = tmp.resolve(dataset + "_" + model);
    Run run =
        fhe(
            "compile",
            "--model",
            FIXTURES.resolve(dataset + "_" + model + ".onnx").toString(),
            "--calibration",
            FIXTURES.resolve(dataset + "_train.csv").toString(),
            "--out",
            out.toString());
    if (run.exitCode() != 0) {
      throw new AssertionError("fhe compile failed: " + run.err());
    }
    return out;
  }

  static Run fhe(String... args) {
    CommandLine cli = FheCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
