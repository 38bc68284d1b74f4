package io.fhestreams.clients.producer;

import io.fhestreams.clients.consumer.DecryptedPrediction;
import io.fhestreams.clients.consumer.PredictionConsumer;
import io.fhestreams.clients.consumer.SentRequests;
import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.ModelVersion;
import io.fhestreams.registry.api.ParameterSetId;
import io.fhestreams.registry.api.Stage;
import io.fhestreams.registry.client.RegistryClient;
import io.fhestreams.schemas.Topics;
import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.schemas.serde.ConfluentAvroSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The sending side of a client application: quantizes and encrypts feature vectors with the owner's
 * key, sends them to {@code fhe.requests} as {@link EncryptedInferenceRequest}s (Confluent Avro
 * serde), and answers each with a future of the decrypted prediction, which its own {@link
 * PredictionConsumer} completes.
 *
 * <p>Records are keyed by the key id and one of the spread's buckets, round-robin ({@link
 * RequestSpread}; {@value RequestSpread#DEFAULT} unless configured): one sender's records are
 * answered by up to that many app instances in parallel. Requests are independent, so records of
 * different buckets may be answered out of order; each answer is matched by its request id.
 *
 * <p>A producer opened for a {@link StageTarget} addresses the stage: its requests carry the stage
 * and the version it resolved (whose client artifact it encrypts with), and each prediction names
 * the version that answered.
 *
 * <p>{@link #open} uploads the evaluation keys to the model registry once: it asks first (HEAD) and
 * uploads only when the registry does not have them. Thread-safe: {@link #send} may be called from
 * several threads.
 */
public final class EncryptedProducer implements AutoCloseable {
  private final ClientIdentity identity;
  private final ModelName model;
  private final ModelVersion version;
  private final Stage stage;
  private final Duration timeout;
  private final boolean uploadedKeys;
  private final RequestSpread spread;
  private final KafkaProducer<String, EncryptedInferenceRequest> producer;
  private final PredictionConsumer consumer;

  private EncryptedProducer(
      KafkaEndpoints endpoints,
      ClientIdentity identity,
      ModelName model,
      ModelVersion version,
      Stage stage,
      Duration timeout,
      boolean uploadedKeys,
      SentRequests sent,
      int spread) {
    this.identity = identity;
    this.model = model;
    this.version = version;
    this.stage = stage;
    this.timeout = timeout;
    this.uploadedKeys = uploadedKeys;
    Map<String, Object> props = endpoints.properties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    ConfluentAvroSerializer<EncryptedInferenceRequest> values = new ConfluentAvroSerializer<>();
    values.configure(props, false);
    this.consumer =
        PredictionConsumer.start(
            endpoints, identity, p -> {}, PredictionConsumer.Options.defaults().withSent(sent));
    this.producer = new KafkaProducer<>(props, new StringSerializer(), values);
    this.spread =
        RequestSpread.of(
            identity.keyId().hex(), spread, producer.partitionsFor(Topics.REQUESTS).size());
  }

  /** What {@link #submitEncrypted} sent: the request id, its record key, the future answer. */
  public record Submitted(
      String requestId, String recordKey, CompletableFuture<DecryptedPrediction> answer) {}

  /**
   * A producer for {@code model} version {@code version}: uploads {@code identity}'s evaluation
   * keys to {@code registry} unless it already has them, then starts the prediction consumer.
   *
   * @param registry a registry client whose token has the key-owner (or admin) role
   * @param timeout how long each future waits for its prediction
   */
  public static EncryptedProducer open(
      KafkaEndpoints endpoints,
      ClientIdentity identity,
      RegistryClient registry,
      ModelName model,
      ModelVersion version,
      Duration timeout) {
    return open(endpoints, identity, registry, model, version, timeout, SentRequests.inMemory());
  }

  /**
   * As {@link #open(KafkaEndpoints, ClientIdentity, RegistryClient, ModelName, ModelVersion,
   * Duration)}, recording every request id sent in {@code sent} (e.g. a journal that {@code fhe
   * watch} reads, so that it decrypts only the answers to this client's requests).
   */
  public static EncryptedProducer open(
      KafkaEndpoints endpoints,
      ClientIdentity identity,
      RegistryClient registry,
      ModelName model,
      ModelVersion version,
      Duration timeout,
      SentRequests sent) {
    return open(
        endpoints, identity, registry, model, version, timeout, sent, RequestSpread.DEFAULT);
  }

  /**
   * As {@link #open(KafkaEndpoints, ClientIdentity, RegistryClient, ModelName, ModelVersion,
   * Duration, SentRequests)}, spreading the records over {@code spread} partitions ({@link
   * RequestSpread}; 1: every record keyed by the key id alone, on one partition).
   */
  public static EncryptedProducer open(
      KafkaEndpoints endpoints,
      ClientIdentity identity,
      RegistryClient registry,
      ModelName model,
      ModelVersion version,
      Duration timeout,
      SentRequests sent,
      int spread) {
    requireSpread(spread);
    boolean uploaded = uploadKeysIfAbsent(registry, identity);
    return new EncryptedProducer(
        endpoints, identity, model, version, null, timeout, uploaded, sent, spread);
  }

  /**
   * A producer for {@code target}'s stage: as {@link #open(KafkaEndpoints, ClientIdentity,
   * RegistryClient, ModelName, ModelVersion, Duration, SentRequests)} for the target's version,
   * each request also naming the stage, spread over {@code spread} partitions.
   *
   * @param identity keys loaded for {@code target.clientArtifact()} (the one it encrypts with)
   * @throws IllegalArgumentException when {@code identity} encrypts with another client artifact
   */
  public static EncryptedProducer open(
      KafkaEndpoints endpoints,
      ClientIdentity identity,
      RegistryClient registry,
      StageTarget target,
      Duration timeout,
      SentRequests sent,
      int spread) {
    requireSpread(spread);
    String encryptsWith = StageTarget.sha256(identity.client().artifact().toBytes());
    if (!encryptsWith.equals(target.version().client().sha256())) {
      throw new IllegalArgumentException(
          "these keys encrypt with a client artifact (SHA-256 "
              + encryptsWith
              + ") other than the one of stage '"
              + target.stage().wireName()
              + "' ("
              + target.version().model()
              + " version "
              + target.version().version()
              + "): load them with the target's client artifact");
    }
    boolean uploaded = uploadKeysIfAbsent(registry, identity);
    return new EncryptedProducer(
        endpoints,
        identity,
        target.version().model(),
        target.version().version(),
        target.stage(),
        timeout,
        uploaded,
        sent,
        spread);
  }

  private static void requireSpread(int spread) {
    if (spread < 1 || spread > RequestSpread.MAX) {
      throw new IllegalArgumentException(
          "spread must be in [1, " + RequestSpread.MAX + "], got " + spread);
    }
  }

  /**
   * Uploads {@code identity}'s evaluation keys unless the registry already has them (HEAD first);
   * answers whether it uploaded.
   */
  public static boolean uploadKeysIfAbsent(RegistryClient registry, ClientIdentity identity) {
    if (registry.evaluationKeyInfo(identity.keyId()).isPresent()) {
      return false;
    }
    try {
      Path file = Files.createTempFile("fhe-evaluation-keys", ".evk");
      try {
        Files.write(file, identity.evaluationKeys());
        var info =
            registry.uploadEvaluationKeys(
                file, ParameterSetId.of(identity.client().artifact().parameterSetId()));
        if (!info.id().equals(identity.keyId())) {
          throw new IllegalStateException(
              "registry stored the evaluation keys as "
                  + info.id()
                  + ", expected their SHA-256 "
                  + identity.keyId());
        }
        return true;
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not stage the evaluation keys for upload: " + e.getMessage(), e);
    }
  }

  /** Whether {@link #open} uploaded the keys (false: the registry already had them). */
  public boolean uploadedKeys() {
    return uploadedKeys;
  }

  /** The client identity: key id and engine client. */
  public ClientIdentity identity() {
    return identity;
  }

  /**
   * Quantizes and encrypts {@code features} and sends them; the future completes with the decrypted
   * prediction, or fails: with the send's error, a {@link
   * io.fhestreams.clients.consumer.DeadLetteredException}, or a {@link
   * java.util.concurrent.TimeoutException}.
   */
  public CompletableFuture<DecryptedPrediction> send(double[] features) {
    return sendEncrypted(identity.client().quantizeEncrypt(features));
  }

  /** Sends already encrypted inputs (a seeded ciphertext list of this identity's key). */
  public CompletableFuture<DecryptedPrediction> sendEncrypted(byte[] inputCiphertexts) {
    return submitEncrypted(inputCiphertexts).answer();
  }

  /** The record keys this producer spreads its requests over, round-robin. */
  public List<String> recordKeys() {
    return spread.keys();
  }

  /** As {@link #sendEncrypted}, telling the request id and the record key it was sent with. */
  public Submitted submitEncrypted(byte[] inputCiphertexts) {
    String requestId = UUID.randomUUID().toString();
    EncryptedInferenceRequest request =
        EncryptedInferenceRequest.newBuilder()
            .setRequestId(requestId)
            .setModelName(model.value())
            .setModelVersion(version.toString())
            .setKeyId(identity.keyId().hex())
            .setParameterSetId(identity.client().artifact().parameterSetId())
            .setInputCiphertexts(ByteBuffer.wrap(inputCiphertexts))
            .setCreatedAt(Instant.now())
            .setModelStage(stage == null ? null : stage.wireName())
            .build();
    CompletableFuture<DecryptedPrediction> answer = consumer.expect(requestId, timeout);
    String key = spread.nextKey();
    producer.send(
        new ProducerRecord<>(Topics.REQUESTS, key, request),
        (m, e) -> {
          if (e != null) {
            answer.completeExceptionally(e);
          }
        });
    return new Submitted(requestId, key, answer);
  }

  /** Sends what is buffered now. */
  public void flush() {
    producer.flush();
  }

  /** Flushes and closes the producer, then the consumer (failing futures still pending). */
  @Override
  public void close() {
    try {
      producer.close(Duration.ofSeconds(10));
    } finally {
      consumer.close();
    }
  }
}
