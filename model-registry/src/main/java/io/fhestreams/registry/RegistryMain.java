package io.fhestreams.registry;

import io.fhestreams.registry.auth.TokenAuthenticator;
import io.fhestreams.registry.server.RegistryConfig;
import io.fhestreams.registry.server.RegistryServer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the registry standalone: {@code RegistryMain --config FILE} serves until stopped (SIGTERM
 * or Ctrl-C); {@code RegistryMain --hash-token TOKEN} prints the SHA-256 to put in the config.
 */
public final class RegistryMain {
  private RegistryMain() {}

  /** Entry point; exits 2 with one line on stderr for bad arguments or configuration. */
  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--hash-token")) {
      System.out.println(TokenAuthenticator.hashToken(args[1]));
      return;
    }
    if (args.length != 2 || !args[0].equals("--config")) {
      System.err.println("usage: RegistryMain --config FILE | --hash-token TOKEN");
      System.exit(2);
    }
    RegistryConfig config;
    try {
      config = RegistryConfig.load(Path.of(args[1]));
    } catch (Exception e) {
      System.err.println("registry: cannot read config " + args[1] + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    RegistryServer server = RegistryServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "registry-shutdown"));
    System.out.println("registry: listening on " + server.uri() + " (storage " + config.storage().type() + ")");
    stopped.await();
  }
}
