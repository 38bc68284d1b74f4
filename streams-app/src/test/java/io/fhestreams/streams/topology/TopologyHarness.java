package io.fhestreams.streams.topology;

import io.fhestreams.schemas.RecordSchemas;
import io.fhestreams.schemas.Topics;
import io.fhestreams.schemas.avro.DeadLetter;
import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.schemas.avro.EncryptedPrediction;
import io.fhestreams.schemas.serde.ConfluentAvroDeserializer;
import io.fhestreams.schemas.serde.ConfluentAvroSerializer;
import io.fhestreams.schemas.serde.InMemorySchemaRegistry;
import io.fhestreams.streams.config.AppConfig;
import io.fhestreams.streams.metrics.InferenceMetrics;
import io.fhestreams.streams.processor.BoundedWorkerPool;
import io.fhestreams.streams.processor.CiphertextEvaluator;
import io.fhestreams.streams.processor.DeadLetterDeserializationHandler;
import io.fhestreams.streams.processor.ModelResolver;
import io.fhestreams.streams.processor.WorkerPoolSize;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The inference topology in a {@link TopologyTestDriver} over a given resolver and evaluator, with
 * an in-memory schema registry of its own, fast retries and the test's own settings on top.
 */
final class TopologyHarness implements AutoCloseable {

  private final String scope = "harness-" + UUID.randomUUID();
  final Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://" + scope);

  {
    // as the project's registry does at startup: the serializers only look ids up
    RecordSchemas.bySubject().forEach(InMemorySchemaRegistry.forScope(scope)::register);
  }

  final BoundedWorkerPool pool = new BoundedWorkerPool(new WorkerPoolSize(2, 64));
  final InferenceMetrics metrics = new InferenceMetrics(new SimpleMeterRegistry());
  final TopologyTestDriver driver;
  final TestInputTopic<String, EncryptedInferenceRequest> requests;
  final TestInputTopic<String, byte[]> rawRequests;
  final TestOutputTopic<String, EncryptedPrediction> predictions;
  final TestOutputTopic<String, DeadLetter> deadLetters;
  final ConfluentAvroSerializer<EncryptedInferenceRequest> requestSerializer;

  <M> TopologyHarness(
      ModelResolver<M> resolver, CiphertextEvaluator<M> evaluator, Map<String, ?> settings) {
    Map<String, Object> all = new HashMap<>();
    all.put(StreamsConfig.APPLICATION_ID_CONFIG, "harness");
    all.put("schema.registry.url", "mock://" + scope);
    all.put(AppConfig.RETRY_INITIAL_BACKOFF_MS, "1");
    all.put(AppConfig.RETRY_MAX_BACKOFF_MS, "5");
    all.put(AppConfig.RETRY_MAX_BLOCK_MS, "300");
    all.putAll(settings);
    AppConfig config =
        AppConfig.of(all).with(DeadLetterDeserializationHandler.METRICS_CONFIG, metrics);
    Properties props = config.toProperties();
    // as in InferenceTopologyTest: the driver's MockProducer loses the handler's dead letters
    // under exactly-once; exactly-once runs on a real broker in the ITs
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    TopologyDependencies<M> deps =
        new TopologyDependencies<>(resolver, evaluator, pool, metrics, Clock.systemUTC());
    driver = new TopologyTestDriver(InferenceTopology.build(config, deps), props);
    requestSerializer = new ConfluentAvroSerializer<>();
    requestSerializer.configure(serdeConfig, false);
    requests = driver.createInputTopic(Topics.REQUESTS, new StringSerializer(), requestSerializer);
    rawRequests =
        driver.createInputTopic(Topics.REQUESTS, new StringSerializer(), new ByteArraySerializer());
    predictions =
        driver.createOutputTopic(
            Topics.PREDICTIONS, new StringDeserializer(), deserializer(EncryptedPrediction.class));
    deadLetters =
        driver.createOutputTopic(
            Topics.DEAD_LETTERS, new StringDeserializer(), deserializer(DeadLetter.class));
  }

  <T extends SpecificRecord> ConfluentAvroDeserializer<T> deserializer(Class<T> type) {
    ConfluentAvroDeserializer<T> d = new ConfluentAvroDeserializer<>(type);
    d.configure(serdeConfig, false);
    return d;
  }

  @Override
  public void close() {
    driver.close();
    pool.close();
    InMemorySchemaRegistry.dropScope(scope);
  }
}
