package io.fhestreams.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.schemas.Topics;
import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.schemas.avro.EncryptedPrediction;
import io.fhestreams.streams.config.AppConfig;
import io.fhestreams.streams.processor.ChecksumTestEvaluator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Measures the pipeline's own overhead (broker, Avro, exactly-once, topology) with the cheap test
 * evaluator, on the embedded broker: no cryptography, so these are upper bounds for throughput and
 * lower bounds for latency. Asserts only correctness (every request answered exactly once); prints
 * the figures.
 *
 * <p>After an unmeasured warm-up of {@value #WARM_UP} requests, two phases per run: a paced phase
 * ({@value #PACED_RATE}/s) for latency, then a burst of {@code fhe.overhead.requests} (default
 * 3000) requests for throughput. Latency is read_committed receipt time minus the request's {@code
 * createdAt}, so it includes the exactly-once commit interval (100 ms default).
 */
class PipelineOverheadIT {

  private static final int WARM_UP = 500;
  private static final int PACED_REQUESTS = 500;
  private static final int PACED_RATE = 250;

  private IntegrationRequests requests;

  @ParameterizedTest(name = "{0} stream thread(s)")
  @ValueSource(ints = {1, 2})
  void measureOverhead(int streamThreads) throws Exception {
    int burst = Integer.getInteger("fhe.overhead.requests", 3000);
    try (ScenarioCluster cluster = ScenarioCluster.embedded()) {
      KafkaTestClient kafka = cluster.kafka();
      requests = new IntegrationRequests(cluster.registryUrl(), 3);
      Map<String, Object> settings = new HashMap<>(kafka.appSettings(cluster.registryUrl()));
      settings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(streamThreads));
      try (InferenceApplication app =
              InferenceApplication.start(
                  AppConfig.of(settings),
                  IntegrationRequests.resolver(),
                  new ChecksumTestEvaluator(),
                  new SimpleMeterRegistry());
          KafkaConsumer<String, byte[]> consumer = kafka.committedConsumer(Topics.PREDICTIONS);
          KafkaProducer<String, byte[]> producer = kafka.rawProducer()) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (app.streams().state() != KafkaStreams.State.RUNNING
            && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        Map<String, Long> receivedAtMs = new ConcurrentHashMap<>();
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        List<EncryptedInferenceRequest> sent = new ArrayList<>();

        // warm-up (JIT, producer and transaction set-up, schema ids), not measured
        for (int i = 0; i < WARM_UP; i++) {
          EncryptedInferenceRequest r = requests.valid(i);
          requests.send(producer, r);
          sent.add(r);
        }
        producer.flush();
        drain(consumer, sent.size(), all, receivedAtMs);

        // phase 1: paced, for latency
        long start = System.nanoTime();
        for (int i = WARM_UP; i < WARM_UP + PACED_REQUESTS; i++) {
          long due = start + (i - WARM_UP) * 1_000_000_000L / PACED_RATE;
          while (System.nanoTime() < due) {
            poll(consumer, Duration.ofMillis(1), all, receivedAtMs);
          }
          EncryptedInferenceRequest r = requests.valid(i);
          requests.send(producer, r);
          sent.add(r);
        }
        producer.flush();
        drain(consumer, sent.size(), all, receivedAtMs);
        long[] latencies = latenciesMs(sent.subList(WARM_UP, sent.size()), receivedAtMs);

        // phase 2: burst, for throughput
        long burstStart = System.currentTimeMillis();
        for (int i = WARM_UP + PACED_REQUESTS; i < WARM_UP + PACED_REQUESTS + burst; i++) {
          EncryptedInferenceRequest r = requests.valid(i);
          requests.send(producer, r);
          sent.add(r);
        }
        producer.flush();
        drain(consumer, sent.size(), all, receivedAtMs);
        long burstEnd =
            receivedAtMs.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        double perSecond = burst * 1000.0 / Math.max(1, burstEnd - burstStart);

        requests.assertExactlyOnce(sent, all);
        assertThat(all).hasSize(WARM_UP + PACED_REQUESTS + burst);
        System.out.printf(
            "PipelineOverheadIT threads=%d: paced %d req at %d/s -> latency p50=%d ms p99=%d ms"
                + " max=%d ms; burst %d req -> %.0f records/s%n",
            streamThreads,
            PACED_REQUESTS,
            PACED_RATE,
            percentile(latencies, 50),
            percentile(latencies, 99),
            latencies[latencies.length - 1],
            burst,
            perSecond);
      }
    }
  }

  private void poll(
      KafkaConsumer<String, byte[]> consumer,
      Duration timeout,
      List<ConsumerRecord<String, byte[]>> all,
      Map<String, Long> receivedAtMs) {
    for (ConsumerRecord<String, byte[]> rec : consumer.poll(timeout)) {
      long now = System.currentTimeMillis();
      all.add(rec);
      EncryptedPrediction p = requests.decode(rec);
      receivedAtMs.put(p.getRequestId(), now);
    }
  }

  private void drain(
      KafkaConsumer<String, byte[]> consumer,
      int expected,
      List<ConsumerRecord<String, byte[]>> all,
      Map<String, Long> receivedAtMs) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (all.size() < expected && System.nanoTime() < deadline) {
      poll(consumer, Duration.ofMillis(50), all, receivedAtMs);
    }
  }

  private static long[] latenciesMs(
      List<EncryptedInferenceRequest> sent, Map<String, Long> receivedAtMs) {
    long[] out =
        sent.stream()
            .mapToLong(r -> receivedAtMs.get(r.getRequestId()) - r.getCreatedAt().toEpochMilli())
            .toArray();
    Arrays.sort(out);
    return out;
  }

  private static long percentile(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
