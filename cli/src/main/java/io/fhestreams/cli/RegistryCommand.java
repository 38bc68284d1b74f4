package io.fhestreams.cli;

import io.fhestreams.registry.RegistryMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fhe registry --config FILE}: runs the model registry ({@link RegistryMain}) until stopped;
 * {@code fhe registry --hash-token TOKEN} prints the SHA-256 to put in its configuration.
 */
@Command(
    name = "registry",
    mixinStandardHelpOptions = true,
    description = {
      "Run the model registry until stopped (Ctrl-C), or hash a token for its configuration.",
      "Configuration: YAML (host, port, maxUploadBytes, storage, tokens); see model-registry/registry.example.yaml."
    })
public final class RegistryCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Mode mode;

  /** Exactly one of serving or hashing. */
  static final class Mode {
    @Option(names = "--config", paramLabel = "FILE", description = "registry YAML configuration")
    Path config;

    @Option(
        names = "--hash-token",
        paramLabel = "TOKEN",
        description = "print the SHA-256 of TOKEN and exit")
    String token;
  }

  @Override
  public Integer call() throws Exception {
    String[] args =
        mode.config != null
            ? new String[] {"--config", mode.config.toString()}
            : new String[] {"--hash-token", mode.token};
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int status;
    try (PrintStream err = new PrintStream(errors, true, StandardCharsets.UTF_8);
        PrintStream out =
            new PrintStream(new CommandOutputStream(spec), true, StandardCharsets.UTF_8)) {
      status = RegistryMain.run(args, out, err);
    }
    spec.commandLine()
        .getErr()
        .print(
            errors.toString(StandardCharsets.UTF_8).replaceFirst("^registry: ", "fhe registry: "));
    spec.commandLine().getErr().flush();
    return status;
  }
}
