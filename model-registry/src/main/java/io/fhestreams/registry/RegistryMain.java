package io.fhestreams.registry;

import io.fhestreams.registry.auth.TokenAuthenticator;
import io.fhestreams.registry.server.RegistryConfig;
import io.fhestreams.registry.server.RegistryServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the registry standalone: {@code RegistryMain --config FILE} serves until stopped (SIGTERM or
 * Ctrl-C); {@code RegistryMain --hash-token TOKEN} prints the SHA-256 to put in the config.
 */
public final class RegistryMain {
  private RegistryMain() {}

  /** Entry point; exits 2 with one line on stderr for bad arguments or configuration. */
  public static void main(String[] args) throws Exception {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the registry (or hashes a token) and returns the exit status: 0 after a shutdown, 2 with
   * one line on {@code err} for bad arguments or configuration. Serving blocks until the JVM shuts
   * down.
   */
  public static int run(String[] args, PrintStream out, PrintStream err)
      throws InterruptedException {
    if (args.length == 2 && args[0].equals("--hash-token")) {
      out.println(TokenAuthenticator.hashToken(args[1]));
      return 0;
    }
    if (args.length != 2 || !args[0].equals("--config")) {
      err.println("usage: RegistryMain --config FILE | --hash-token TOKEN");
      return 2;
    }
    RegistryConfig config;
    try {
      config = RegistryConfig.load(Path.of(args[1]));
    } catch (Exception e) {
      err.println("registry: cannot read config " + args[1] + ": " + firstLine(e.getMessage()));
      return 2;
    }
    RegistryServer server;
    try {
      server = RegistryServer.start(config);
    } catch (RuntimeException e) {
      err.println("registry: cannot start: " + firstLine(e.getMessage()));
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "registry-shutdown"));
    out.println(
        "registry: listening on " + server.uri() + " (storage " + config.storage().type() + ")");
    stopped.await();
    return 0;
  }

  /** Errors print one line: parsers' messages may carry a source excerpt after the first. */
  private static String firstLine(String message) {
    return message == null ? "(no message)" : message.lines().findFirst().orElse("").strip();
  }
}
