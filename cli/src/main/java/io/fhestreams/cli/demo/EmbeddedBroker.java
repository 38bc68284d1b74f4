package io.fhestreams.cli.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller) running in this
 * JVM, from the {@code kafka_2.13} jar: its storage is formatted in a directory, then {@link
 * KafkaRaftServer} is started, as {@code kafka-storage format} and {@code kafka-server-start}
 * would. Settings for a one-broker cluster that still allows exactly-once: replication factor 1 and
 * min ISR 1 for the offsets and transaction-state topics (Kafka's {@code
 * offsets.topic.replication.factor}, {@code transaction.state.log.replication.factor} and {@code
 * transaction.state.log.min.isr}).
 */
public final class EmbeddedBroker implements AutoCloseable {
  private final KafkaRaftServer server;
  private final String bootstrapServers;

  private EmbeddedBroker(KafkaRaftServer server, String bootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  /** Formats {@code dataDir} and starts a broker on two free local ports. */
  public static EmbeddedBroker start(Path dataDir) throws Exception {
    return start(dataDir, freePort(), freePort());
  }

  /**
   * Starts a broker listening on {@code localhost:brokerPort} (clients) and {@code
   * localhost:controllerPort} (its KRaft controller), formatting {@code dataDir} first unless an
   * earlier run did: a restart on the same directory keeps the topics, offsets and transactions.
   */
  public static EmbeddedBroker start(Path dataDir, int brokerPort, int controllerPort)
      throws Exception {
    String logDir = Files.createDirectories(dataDir.resolve("kraft")).toString();
    KafkaConfig config =
        KafkaConfig.fromProps(serverProperties(logDir, brokerPort, controllerPort), false);
    if (!Files.exists(Path.of(logDir, "meta.properties"))) {
      try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
        new Formatter()
            .setPrintStream(quiet)
            .setClusterId(Uuid.randomUuid().toString())
            .setNodeId(1)
            .setDirectories(List.of(logDir))
            .setMetadataLogDirectory(logDir)
            .setControllerListenerName("CONTROLLER")
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
            .run();
      }
    }
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    return new EmbeddedBroker(server, "localhost:" + brokerPort);
  }

  /**
   * The broker's {@code server.properties}: one combined broker and controller whose offsets and
   * transaction-state topics have replication factor 1, so that exactly-once works on one node.
   */
  public static Properties serverProperties(String logDir, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir);
    p.put("num.partitions", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    return p;
  }

  /** {@code host:port} of the broker's listener. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** A TCP port free on this machine now. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free local port: " + e.getMessage(), e);
    }
  }

  /** Stops the broker and waits for it. */
  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
