package io.fhestreams.cli;

import io.fhestreams.streams.StreamsAppMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fhe app --config FILE}: runs the Kafka Streams encrypted-inference application ({@link
 * StreamsAppMain}) until stopped. The properties file and {@code FHE_*} environment overrides are
 * read as {@code StreamsAppMain} reads them; {@code app.backend=registry} with {@code registry.url}
 * serves real models.
 */
@Command(
    name = "app",
    mixinStandardHelpOptions = true,
    description = {
      "Run the encrypted-inference streams application until stopped (Ctrl-C).",
      "Settings: Kafka Streams keys, schema.registry.url, app.*, registry.url, registry.token, registry.cache.max.bytes,",
      "registry.served.stages (default production), registry.truststore.path/.password;",
      "environment FHE_X_Y overrides key x.y."
    })
public final class AppCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "application properties file")
  Path config;

  @Override
  public Integer call() throws Exception {
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int status;
    try (PrintStream err = new PrintStream(errors, true, StandardCharsets.UTF_8)) {
      status =
          StreamsAppMain.run(new String[] {"--config", config.toString()}, System.getenv(), err);
    }
    spec.commandLine().getErr().print(errors.toString(StandardCharsets.UTF_8));
    spec.commandLine().getErr().flush();
    return status;
  }
}
