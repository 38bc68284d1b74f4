package io.fhestreams.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.schemas.Topics;
import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.streams.config.AppConfig;
import io.fhestreams.streams.processor.ChecksumTestEvaluator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * Two instances in one application id, one of them in another JVM killed with SIGKILL mid-stream:
 * every one of 2,400 requests gets exactly one prediction, as a read_committed consumer sees it.
 * Subclasses provide the broker and registry: {@link FailoverIT} (embedded) and {@link
 * FailoverContainersIT} (Docker only).
 */
abstract class FailoverScenario {

  private static final int REQUESTS = 2400;

  /** Starts a fresh broker (topics created) and schema registry. */
  abstract ScenarioCluster startCluster() throws Exception;

  @Test
  void killedInstance_losesAndDuplicatesNothing() throws Exception {
    try (ScenarioCluster cluster = startCluster()) {
      KafkaTestClient kafka = cluster.kafka();
      String registryUrl = cluster.registryUrl();
      IntegrationRequests requests = new IntegrationRequests(registryUrl, 11);
      Process victim =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx512m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  FailoverInstanceMain.class.getName(),
                  kafka.bootstrapServers(),
                  registryUrl)
              .redirectErrorStream(true)
              .start();
      CountDownLatch victimRunning = new CountDownLatch(1);
      AtomicLong victimProcessed = new AtomicLong();
      Thread reader =
          new Thread(() -> readVictim(victim, victimRunning, victimProcessed), "victim-output");
      reader.setDaemon(true);
      reader.start();
      try (InferenceApplication survivor =
          InferenceApplication.start(
              AppConfig.of(kafka.appSettings(registryUrl)),
              IntegrationRequests.resolver(),
              new ChecksumTestEvaluator(),
              new SimpleMeterRegistry())) {
        assertThat(victimRunning.await(60, TimeUnit.SECONDS))
            .as("victim instance running")
            .isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (survivor.streams().state() != KafkaStreams.State.RUNNING
            && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        List<EncryptedInferenceRequest> sent = new ArrayList<>();
        long killedAfter = -1;
        try (KafkaProducer<String, byte[]> producer = kafka.rawProducer()) {
          for (int i = 0; i < REQUESTS; i++) {
            EncryptedInferenceRequest r = requests.valid(i);
            requests.send(producer, r);
            sent.add(r);
            if (i % 100 == 99) {
              producer.flush();
              Thread.sleep(150); // a steady stream of about 4 s
            }
            if (i == REQUESTS / 3) {
              // wait until the victim is really working, then kill it without warning
              long waitEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
              while (victimProcessed.get() == 0 && System.nanoTime() < waitEnd) {
                Thread.sleep(20);
              }
              killedAfter = victimProcessed.get();
              victim.destroyForcibly();
              assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
          }
        }
        assertThat(killedAfter).as("victim had processed records when killed").isPositive();
        List<ConsumerRecord<String, byte[]>> out =
            kafka.readUntil(
                Topics.PREDICTIONS,
                got -> got.size() >= REQUESTS,
                Duration.ofSeconds(120),
                Duration.ofSeconds(3));
        requests.assertExactlyOnce(sent, out);
        System.out.printf(
            "%s: victim processed %d before SIGKILL; %d requests, %d predictions%n",
            getClass().getSimpleName(), killedAfter, sent.size(), out.size());
      } finally {
        victim.destroyForcibly();
      }
    }
  }

  private static void readVictim(Process victim, CountDownLatch running, AtomicLong processed) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(victim.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.equals("RUNNING")) {
          running.countDown();
        } else if (line.startsWith("PROCESSED ")) {
          processed.set(Long.parseLong(line.substring("PROCESSED ".length())));
        } else {
          System.out.println("[victim] " + line);
        }
      }
    } catch (java.io.IOException e) {
      // the victim was killed
    }
  }
}
