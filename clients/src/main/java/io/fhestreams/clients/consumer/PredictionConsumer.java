package io.fhestreams.clients.consumer;

import io.fhestreams.clients.producer.ClientIdentity;
import io.fhestreams.clients.producer.KafkaEndpoints;
import io.fhestreams.schemas.Topics;
import io.fhestreams.schemas.avro.DeadLetter;
import io.fhestreams.schemas.avro.EncryptedPrediction;
import io.fhestreams.schemas.serde.ConfluentAvroDeserializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads {@code fhe.predictions} (read_committed: only what the exactly-once app committed) for one
 * client's key id, decrypts, de-quantizes and post-processes each prediction, and completes the
 * future registered for its request id; also reads {@code fhe.requests.dlq} so that a request the
 * app could not process fails with the dead letter's reason instead of waiting for its timeout.
 *
 * <p>No consumer group: each client reads the answers to its own requests. It assigns itself the
 * one partition of {@code fhe.predictions} its key id hashes to (the app writes predictions with
 * the request's key and Kafka's default partitioner: murmur2 of the key bytes, modulo the partition
 * count) and every partition of the dead-letter topic (whose keying is not part of the contract),
 * starting at their end, or at their beginning with {@code fromBeginning}. One background thread
 * polls and decrypts; {@link #expect} may be called from any thread.
 */
public final class PredictionConsumer implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(200);

  private final ClientIdentity identity;
  private final String keyId;
  private final Consumer<DecryptedPrediction> listener;
  private final KafkaConsumer<String, byte[]> consumer;
  private final ConfluentAvroDeserializer<EncryptedPrediction> predictions;
  private final ConfluentAvroDeserializer<DeadLetter> deadLetters;
  private final Map<String, CompletableFuture<DecryptedPrediction>> pending =
      new ConcurrentHashMap<>();
  private final AtomicLong received = new AtomicLong();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean closing;

  private PredictionConsumer(
      KafkaEndpoints endpoints,
      ClientIdentity identity,
      Consumer<DecryptedPrediction> listener,
      boolean fromBeginning) {
    this.identity = identity;
    this.keyId = identity.keyId().hex();
    this.listener = listener;
    Map<String, Object> props = endpoints.properties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "fhe-predictions-" + keyId.substring(0, 12));
    this.consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.predictions = new ConfluentAvroDeserializer<>(EncryptedPrediction.class);
    this.predictions.configure(props, false);
    this.deadLetters = new ConfluentAvroDeserializer<>(DeadLetter.class);
    this.deadLetters.configure(props, false);
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(Topics.PREDICTIONS, Topics.DEAD_LETTERS)) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        consumer.close();
        throw new IllegalStateException(
            "topic " + topic + " does not exist on " + endpoints.bootstrapServers());
      }
      if (topic.equals(Topics.PREDICTIONS)) {
        partitions.add(new TopicPartition(topic, partitionOf(keyId, infos.size())));
      } else {
        infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
      }
    }
    consumer.assign(partitions);
    if (fromBeginning) {
      consumer.seekToBeginning(partitions);
    } else {
      consumer.seekToEnd(partitions);
    }
    // resolve the positions now, so that nothing sent after this constructor returns is skipped
    partitions.forEach(consumer::position);
    this.thread = new Thread(this::pollLoop, "fhe-prediction-consumer");
    this.thread.setDaemon(true);
  }

  /**
   * Starts reading the answers for {@code identity}'s key id, from now on.
   *
   * @param listener called on the consumer's thread with every decrypted prediction of this key id,
   *     expected or not (e.g. to print them); must not block for long
   */
  public static PredictionConsumer start(
      KafkaEndpoints endpoints, ClientIdentity identity, Consumer<DecryptedPrediction> listener) {
    return start(endpoints, identity, listener, false);
  }

  /**
   * As {@link #start(KafkaEndpoints, ClientIdentity, Consumer)}, from the topics' beginning when
   * asked.
   */
  public static PredictionConsumer start(
      KafkaEndpoints endpoints,
      ClientIdentity identity,
      Consumer<DecryptedPrediction> listener,
      boolean fromBeginning) {
    PredictionConsumer c = new PredictionConsumer(endpoints, identity, listener, fromBeginning);
    c.thread.start();
    return c;
  }

  /**
   * The future answer to {@code requestId}: completed with the decrypted prediction, failed with a
   * {@link DeadLetteredException} if the app dead-lettered it, or with a {@link TimeoutException}
   * after {@code timeout}. Register before sending the request.
   */
  public CompletableFuture<DecryptedPrediction> expect(String requestId, Duration timeout) {
    if (closing) {
      throw new IllegalStateException("prediction consumer is closed");
    }
    CompletableFuture<DecryptedPrediction> future = new CompletableFuture<>();
    if (pending.putIfAbsent(requestId, future) != null) {
      throw new IllegalArgumentException("request id " + requestId + " is already awaited");
    }
    future
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((p, e) -> pending.remove(requestId, future));
    return future;
  }

  /** Predictions of this key id decrypted so far. */
  public long received() {
    return received.get();
  }

  /** Requests still awaited. */
  public int pending() {
    return pending.size();
  }

  private void pollLoop() {
    try {
      while (!closing) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          if (r.topic().equals(Topics.PREDICTIONS)) {
            onPrediction(r);
          } else {
            onDeadLetter(r);
          }
        }
      }
    } catch (WakeupException e) {
      // close() woke us up
    } catch (RuntimeException e) {
      pending.values().forEach(f -> f.completeExceptionally(e));
    } finally {
      consumer.close(Duration.ofSeconds(5));
      pending
          .values()
          .forEach(
              f ->
                  f.completeExceptionally(new IllegalStateException("prediction consumer closed")));
      stopped.countDown();
    }
  }

  private void onPrediction(ConsumerRecord<String, byte[]> r) {
    if (!keyId.equals(r.key())) {
      return;
    }
    EncryptedPrediction p = predictions.deserialize(r.topic(), r.value());
    CompletableFuture<DecryptedPrediction> future = pending.get(p.getRequestId());
    DecryptedPrediction d;
    try {
      byte[] out = bytes(p.getOutputCiphertexts());
      long[] outputs = identity.client().decrypt(out);
      d =
          new DecryptedPrediction(
              p.getRequestId(),
              p.getModelName(),
              p.getModelVersion(),
              outputs,
              identity.client().artifact().dequantize(outputs),
              Duration.ofNanos(p.getProcessingTimeMicros() * 1000),
              Duration.ofMillis(
                  Math.max(0, System.currentTimeMillis() - p.getRequestCreatedAt().toEpochMilli())),
              out.length);
    } catch (RuntimeException e) {
      if (future != null) {
        future.completeExceptionally(
            new IllegalStateException(
                "prediction for request "
                    + p.getRequestId()
                    + " could not be decrypted: "
                    + e.getMessage(),
                e));
      }
      return;
    }
    received.incrementAndGet();
    if (future != null) {
      future.complete(d);
    }
    listener.accept(d);
  }

  private void onDeadLetter(ConsumerRecord<String, byte[]> r) {
    DeadLetter dl;
    try {
      dl = deadLetters.deserialize(r.topic(), r.value());
    } catch (RuntimeException e) {
      return; // not ours to judge: another producer's dead letter in a format this client cannot
      // read
    }
    String originalKey =
        dl.getOriginalKey() == null
            ? null
            : new String(bytes(dl.getOriginalKey()), StandardCharsets.UTF_8);
    if (dl.getRequestId() == null || !keyId.equals(originalKey)) {
      return;
    }
    CompletableFuture<DecryptedPrediction> future = pending.get(dl.getRequestId());
    if (future != null) {
      future.completeExceptionally(
          new DeadLetteredException(dl.getRequestId(), dl.getReason(), dl.getMessage()));
    }
  }

  /**
   * The partition Kafka's default partitioner gives a record keyed {@code keyId} (a UTF-8 string
   * key).
   */
  public static int partitionOf(String keyId, int partitions) {
    return Utils.toPositive(Utils.murmur2(keyId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }

  /** Stops the poll thread and fails every pending future. */
  @Override
  public void close() {
    closing = true;
    consumer.wakeup();
    try {
      stopped.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
