package io.fhestreams.cli;

import io.fhestreams.streams.backend.RegistryModelResolver;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fhe} command-line tool: the entry point of {@code ./fhe}. Each sub-command is a class
 * of its own in this package; this class only wires them and runs picocli.
 */
@Command(
    name = "fhe",
    mixinStandardHelpOptions = true,
    versionProvider = FheCommand.Version.class,
    description = "Encrypted machine-learning inference over Kafka Streams.",
    subcommands = {
      CommandLine.HelpCommand.class,
      CompileCommand.class,
      InspectCommand.class,
      PredictCommand.class,
      DemoCommand.class,
      KeygenCommand.class,
      PublishCommand.class,
      SendCommand.class,
      WatchCommand.class,
      BenchCommand.class,
      AppCommand.class,
      RegistryCommand.class,
      TopicsCommand.class,
      BrokerCommand.class,
      ChaosCommand.class
    })
public final class FheCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Builds the command line with the project's error handling: one clear line on stderr, exit 1.
   */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new FheCommand());
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> {
          cmd.getErr().println("fhe " + cmd.getCommandName() + ": " + describe(exception));
          return 1;
        });
    return commandLine;
  }

  static String describe(Throwable exception) {
    String message = exception.getMessage();
    return message == null || message.isBlank() ? exception.getClass().getSimpleName() : message;
  }

  public static void main(String[] args) {
    // Kafka's INFO logs would drown the tool's output; an explicit -D setting still wins
    defaultProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    defaultProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    defaultProperty("org.slf4j.simpleLogger.log.kafka", "error");
    // one line per evaluation-key download: rare, seconds each, and what a sender's spread costs
    defaultProperty("org.slf4j.simpleLogger.log." + RegistryModelResolver.class.getName(), "info");
    System.exit(commandLine().execute(args));
  }

  private static void defaultProperty(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /** Reports the version of the jar that is running. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = FheCommand.class.getPackage().getImplementationVersion();
      return new String[] {"fhe " + (version == null ? "(development build)" : version)};
    }
  }
}
