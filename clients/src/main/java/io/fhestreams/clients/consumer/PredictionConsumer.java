package io.fhestreams.clients.consumer;

import io.fhestreams.clients.producer.ClientIdentity;
import io.fhestreams.clients.producer.KafkaEndpoints;
import io.fhestreams.schemas.Topics;
import io.fhestreams.schemas.avro.DeadLetter;
import io.fhestreams.schemas.avro.EncryptedPrediction;
import io.fhestreams.schemas.serde.ConfluentAvroDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
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
 * one partition of {@code fhe.predictions} its key id hashes to (the app writes each prediction
 * keyed by the key id alone, whatever spread bucket the request carried, with Kafka's default
 * partitioner: murmur2 of the key bytes, modulo the partition count) and every partition of the
 * dead-letter topic (whose keying is not part of the contract), starting at their end, or at their
 * beginning with {@code fromBeginning}. One background thread polls and decrypts; {@link #expect}
 * may be called from any thread.
 *
 * <h2>Hostile records</h2>
 *
 * Anyone may write to these topics. By default only predictions for request ids this client sent
 * ({@link #expect}, or the {@link SentRequests} given in the {@link Options}) are decrypted; {@link
 * Options#allOfKey()} decrypts every prediction of the key id. A record that does not decode, names
 * another key id inside, answers a request this client did not send or does not decrypt is set
 * aside: counted ({@link #skipped()}), handed to {@link Options#onSkip()}, and the consumer goes
 * on.
 */
public final class PredictionConsumer implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(200);

  /**
   * How a consumer starts and what it decrypts.
   *
   * @param fromBeginning read the topics from their beginning instead of their end
   * @param allOfKey decrypt every prediction of the key id, not only those for requests sent
   * @param sent the request ids this client sent; {@link #expect} adds to it
   * @param onSkip called on the consumer's thread with every record set aside; must not block
   */
  public record Options(
      boolean fromBeginning, boolean allOfKey, SentRequests sent, Consumer<SkippedRecord> onSkip) {
    /** Validates the fields. */
    public Options {
      Objects.requireNonNull(sent, "sent");
      Objects.requireNonNull(onSkip, "onSkip");
    }

    /** From the end, sent requests only, ids in memory, skips only counted. */
    public static Options defaults() {
      return new Options(false, false, SentRequests.inMemory(), s -> {});
    }

    /** These options from the topics' beginning (or not). */
    public Options withFromBeginning(boolean value) {
      return new Options(value, allOfKey, sent, onSkip);
    }

    /** These options decrypting every prediction of the key id (or only those sent). */
    public Options withAllOfKey(boolean value) {
      return new Options(fromBeginning, value, sent, onSkip);
    }

    /** These options with the ids sent kept in {@code value}. */
    public Options withSent(SentRequests value) {
      return new Options(fromBeginning, allOfKey, value, onSkip);
    }

    /** These options calling {@code value} on every record set aside. */
    public Options withOnSkip(Consumer<SkippedRecord> value) {
      return new Options(fromBeginning, allOfKey, sent, value);
    }
  }

  private final String keyId;
  private final Consumer<DecryptedPrediction> listener;
  private final Options options;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Outcomes outcomes = new Outcomes();
  private final PredictionRecords records;
  private final Map<String, CompletableFuture<DecryptedPrediction>> pending =
      new ConcurrentHashMap<>();
  private final AtomicLong received = new AtomicLong();
  private final Map<SkippedRecord.Reason, AtomicLong> skipped =
      new EnumMap<>(SkippedRecord.Reason.class);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean closing;

  private PredictionConsumer(
      KafkaEndpoints endpoints,
      ClientIdentity identity,
      Consumer<DecryptedPrediction> listener,
      Options options) {
    this.keyId = identity.keyId().hex();
    this.listener = listener;
    this.options = options;
    for (SkippedRecord.Reason reason : SkippedRecord.Reason.values()) {
      skipped.put(reason, new AtomicLong());
    }
    Map<String, Object> props = endpoints.properties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "fhe-predictions-" + keyId.substring(0, 12));
    this.consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    ConfluentAvroDeserializer<EncryptedPrediction> predictions =
        new ConfluentAvroDeserializer<>(EncryptedPrediction.class);
    predictions.configure(props, false);
    ConfluentAvroDeserializer<DeadLetter> deadLetters =
        new ConfluentAvroDeserializer<>(DeadLetter.class);
    deadLetters.configure(props, false);
    this.records =
        new PredictionRecords(
            identity,
            predictions,
            deadLetters,
            options.allOfKey() ? id -> true : options.sent()::contains,
            outcomes);
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
    if (options.fromBeginning()) {
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
   * @param listener called on the consumer's thread with every decrypted prediction of this key id
   *     for a request sent through {@link #expect} (e.g. to print them); must not block for long
   */
  public static PredictionConsumer start(
      KafkaEndpoints endpoints, ClientIdentity identity, Consumer<DecryptedPrediction> listener) {
    return start(endpoints, identity, listener, Options.defaults());
  }

  /** As {@link #start(KafkaEndpoints, ClientIdentity, Consumer)}, with these options. */
  public static PredictionConsumer start(
      KafkaEndpoints endpoints,
      ClientIdentity identity,
      Consumer<DecryptedPrediction> listener,
      Options options) {
    PredictionConsumer c = new PredictionConsumer(endpoints, identity, listener, options);
    c.thread.start();
    return c;
  }

  /**
   * The future answer to {@code requestId}: completed with the decrypted prediction, failed with a
   * {@link DeadLetteredException} if the app dead-lettered it, or with a {@link TimeoutException}
   * after {@code timeout}. Register before sending the request; the id is recorded as sent.
   */
  public CompletableFuture<DecryptedPrediction> expect(String requestId, Duration timeout) {
    if (closing) {
      throw new IllegalStateException("prediction consumer is closed");
    }
    CompletableFuture<DecryptedPrediction> future = new CompletableFuture<>();
    if (pending.putIfAbsent(requestId, future) != null) {
      throw new IllegalArgumentException("request id " + requestId + " is already awaited");
    }
    options.sent().add(requestId);
    future
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((p, e) -> pending.remove(requestId, future));
    return future;
  }

  /** Predictions of this key id decrypted so far. */
  public long received() {
    return received.get();
  }

  /** Records set aside so far, for any reason. */
  public long skipped() {
    return skipped.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** Records set aside so far for {@code reason}. */
  public long skipped(SkippedRecord.Reason reason) {
    return skipped.get(reason).get();
  }

  /** Requests still awaited. */
  public int pending() {
    return pending.size();
  }

  private void pollLoop() {
    try {
      while (!closing) {
        ConsumerRecords<String, byte[]> polled;
        try {
          polled = consumer.poll(POLL);
        } catch (RecordDeserializationException e) {
          // a record the consumer cannot even frame: step over it
          consumer.seek(e.topicPartition(), e.offset() + 1);
          outcomes.skipped(
              new SkippedRecord(
                  e.topicPartition().topic(),
                  e.topicPartition().partition(),
                  e.offset(),
                  SkippedRecord.Reason.MALFORMED,
                  e.getMessage()));
          continue;
        }
        for (ConsumerRecord<String, byte[]> r : polled) {
          records.accept(r);
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

  /** Completes futures, tells the listener, counts what is set aside. */
  private final class Outcomes implements PredictionRecords.Sink {
    @Override
    public void prediction(DecryptedPrediction d) {
      received.incrementAndGet();
      CompletableFuture<DecryptedPrediction> future = pending.get(d.requestId());
      if (future != null) {
        future.complete(d);
      }
      listener.accept(d);
    }

    @Override
    public void deadLetter(DeadLetter dl) {
      CompletableFuture<DecryptedPrediction> future = pending.get(dl.getRequestId());
      if (future != null) {
        future.completeExceptionally(
            new DeadLetteredException(dl.getRequestId(), dl.getReason(), dl.getMessage()));
      }
    }

    @Override
    public void skipped(SkippedRecord s) {
      skipped.get(s.reason()).incrementAndGet();
      options.onSkip().accept(s);
    }

    @Override
    public void undecryptable(String requestId, String message) {
      CompletableFuture<DecryptedPrediction> future = pending.get(requestId);
      if (future != null) {
        future.completeExceptionally(new IllegalStateException(message));
      }
    }
  }

  /**
   * The partition Kafka's default partitioner gives a record keyed {@code key} (a UTF-8 string key:
   * a key id, or a request key with its spread bucket).
   */
  public static int partitionOf(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
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
