package io.fhestreams.cli;

import io.fhestreams.cli.demo.EmbeddedBroker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fhe broker --data-dir DIR}: a real single-node KRaft Kafka broker ({@link EmbeddedBroker},
 * from the Apache Kafka jars) in this process until stopped, for local runs and tests. Started
 * again on the same directory and ports it keeps its topics, offsets and transactions.
 */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = {
      "Run a single-node KRaft Kafka broker (broker and controller in one process) until stopped (Ctrl-C).",
      "For local runs and tests only, NOT FOR PRODUCTION: one node, replication factor 1, no security.",
      "Prints 'broker: listening on localhost:PORT' once clients can connect."
    })
public final class BrokerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      required = true,
      paramLabel = "DIR",
      description = "log and metadata directory; formatted on first use, reused afterwards")
  Path dataDir;

  @Option(
      names = "--port",
      defaultValue = "9092",
      paramLabel = "PORT",
      description = "client listener on localhost (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--controller-port",
      defaultValue = "9093",
      paramLabel = "PORT",
      description = "KRaft controller listener on localhost (default: ${DEFAULT-VALUE})")
  int controllerPort;

  @Override
  public Integer call() throws Exception {
    for (int p : new int[] {port, controllerPort}) {
      if (p < 1 || p > 65535) {
        throw new IllegalArgumentException("ports must be 1 to 65535, got " + p);
      }
    }
    if (port == controllerPort) {
      throw new IllegalArgumentException(
          "--port and --controller-port must differ, both are " + port);
    }
    EmbeddedBroker broker = EmbeddedBroker.start(dataDir, port, controllerPort);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  broker.close();
                  stopped.countDown();
                },
                "fhe-broker-shutdown"));
    spec.commandLine().getOut().println("broker: listening on " + broker.bootstrapServers());
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }
}
