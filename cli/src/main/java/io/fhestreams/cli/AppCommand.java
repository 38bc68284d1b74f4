package io.fhestreams.cli;

import io.fhestreams.streams.StreamsAppMain;
import io.fhestreams.streams.config.AppConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fhe app --config FILE}: runs the Kafka Streams encrypted-inference application ({@link
 * StreamsAppMain}) until stopped. The properties file and {@code FHE_*} environment overrides are
 * read as {@code StreamsAppMain} reads them; {@code app.backend=registry} with {@code registry.url}
 * serves real models. One instance per process: {@code --instance-id} (or {@code
 * group.instance.id}) makes it a static member of the consumer group, so that a restart within the
 * session timeout gets its partitions back without a rebalance of the others.
 */
@Command(
    name = "app",
    mixinStandardHelpOptions = true,
    description = {
      "Run the encrypted-inference streams application until stopped (Ctrl-C).",
      "Settings: Kafka Streams keys, schema.registry.url, app.*, registry.url, registry.token, registry.cache.max.bytes,",
      "registry.served.stages (default production), registry.truststore.path/.password;",
      "environment FHE_X_Y overrides key x.y.",
      "One instance per process; give each its own --instance-id (static group membership) and state.dir."
    })
public final class AppCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "application properties file")
  Path config;

  @Option(
      names = "--instance-id",
      paramLabel = "ID",
      description =
          "group.instance.id of this instance, unique in the application id: a restart within "
              + "session.timeout.ms keeps its partitions (default: the configuration's, if any)")
  String instanceId;

  @Override
  public Integer call() throws Exception {
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int status;
    try (PrintStream err = new PrintStream(errors, true, StandardCharsets.UTF_8)) {
      status = StreamsAppMain.run(new String[] {"--config", config.toString()}, environment(), err);
    }
    spec.commandLine().getErr().print(errors.toString(StandardCharsets.UTF_8));
    spec.commandLine().getErr().flush();
    return status;
  }

  /** The process environment, with {@code --instance-id} as the override it is equivalent to. */
  private Map<String, String> environment() {
    Map<String, String> environment = new HashMap<>(System.getenv());
    if (instanceId != null) {
      environment.put(AppConfig.ENV_PREFIX + "GROUP_INSTANCE_ID", instanceId);
    }
    return environment;
  }
}
