package io.fhestreams.cli;

import io.fhestreams.ml.deploy.ClientArtifact;
import io.fhestreams.ml.deploy.IoLayout;
import io.fhestreams.ml.deploy.ModelArtifacts;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fhe inspect DIR}: prints the compile report of a compiled model. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Print the compile report of a compiled model.")
public final class InspectCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "directory written by fhe compile")
  Path dir;

  @Override
  public Integer call() throws Exception {
    spec.commandLine().getOut().print(describe(ModelArtifacts.load(dir)));
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** The model's identity and schema, then its compile report. */
  static String describe(ModelArtifacts artifacts) {
    ClientArtifact c = artifacts.client();
    return "model                "
        + c.modelName()
        + " v"
        + c.modelVersion()
        + "\n"
        + "inputs               "
        + c.featureNames().size()
        + " features "
        + c.featureNames()
        + "\n"
        + "post-processing      "
        + c.postProcessing()
        + "\n"
        + (c.layout().equals(IoLayout.DIRECT)
            ? ""
            : "i/o layout           "
                + c.layout()
                + ", "
                + c.circuitInputs()
                + " input ciphertexts per sample\n")
        + c.report().format();
  }
}
