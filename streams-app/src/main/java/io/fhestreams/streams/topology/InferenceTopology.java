package io.fhestreams.streams.topology;

import io.fhestreams.schemas.Topics;
import io.fhestreams.schemas.avro.DeadLetter;
import io.fhestreams.schemas.avro.EncryptedPrediction;
import io.fhestreams.schemas.serde.ConfluentAvroSerde;
import io.fhestreams.streams.config.AppConfig;
import io.fhestreams.streams.processor.CostBudget;
import io.fhestreams.streams.processor.InferenceOutcome;
import io.fhestreams.streams.processor.InferenceProcessor;
import io.fhestreams.streams.processor.RecordLimits;
import io.fhestreams.streams.processor.SourcedRequest;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The encrypted-inference topology: requests in, encrypted predictions out, failures to the
 * dead-letter topic. A request's record key is its sender's key id, alone or with a spread bucket
 * ({@link io.fhestreams.schemas.RequestKey}); its prediction is keyed by the key id alone, its dead
 * letter by the original key.
 *
 * <pre>
 * fhe.requests ─ read-requests ─ resolve-and-evaluate ─┬─ route-prediction ─ to-prediction ─ key-by-key-id ─ write-predictions ─ fhe.predictions
 *                      │ (undecodable: handler)        └─ route-dead-letter ─ to-dead-letter ─ write-dead-letters ─ fhe.requests.dlq
 *                      └──────────────────────────────────────────────────────────────────────────────────────── fhe.requests.dlq
 * </pre>
 */
public final class InferenceTopology {

  private InferenceTopology() {}

  /**
   * Builds the topology; {@code config} supplies the serde settings, {@code deps} the
   * collaborators.
   */
  public static <M> Topology build(AppConfig config, TopologyDependencies<M> deps) {
    return build(config, deps, config.costBudget());
  }

  /** As {@link #build(AppConfig, TopologyDependencies)}, its processors charging {@code budget}. */
  public static <M> Topology build(
      AppConfig config, TopologyDependencies<M> deps, CostBudget budget) {
    StreamsBuilder builder = new StreamsBuilder();
    RecordLimits limits = config.recordLimits();
    // one per topology, so that counts and refusals outlive a replaced stream thread
    InferenceProcessor.SharedState shared =
        InferenceProcessor.SharedState.create(limits, deps.clock(), budget);
    builder.stream(
            Topics.REQUESTS,
            Consumed.with(
                    Serdes.String(), SourcedRequest.serde(config.asMap(), config.retryPolicy()))
                .withName("read-requests"))
        .processValues(
            () ->
                new InferenceProcessor<>(
                    deps.resolver(),
                    deps.evaluator(),
                    deps.pool(),
                    deps.metrics(),
                    config.retryPolicy(),
                    limits,
                    shared,
                    deps.clock()),
            Named.as("resolve-and-evaluate"))
        .split(Named.as("route-"))
        .branch(
            (key, outcome) -> outcome.isPrediction(),
            Branched.withConsumer(
                predictions ->
                    predictions
                        .mapValues(InferenceOutcome::prediction, Named.as("to-prediction"))
                        // keyed by the key id alone, whatever bucket the request was spread to:
                        // a sender's answers are all on the one partition its key id hashes to
                        .selectKey((key, p) -> p.getKeyId(), Named.as("key-by-key-id"))
                        .to(
                            Topics.PREDICTIONS,
                            Produced.with(
                                    Serdes.String(),
                                    ConfluentAvroSerde.configured(
                                        EncryptedPrediction.class, config.asMap(), false))
                                .withName("write-predictions")),
                "prediction"))
        // every failure: reason, message and the original bytes
        .defaultBranch(
            Branched.withConsumer(
                failures ->
                    failures
                        .mapValues(InferenceOutcome::deadLetter, Named.as("to-dead-letter"))
                        .to(
                            Topics.DEAD_LETTERS,
                            Produced.with(
                                    Serdes.String(),
                                    ConfluentAvroSerde.configured(
                                        DeadLetter.class, config.asMap(), false))
                                .withName("write-dead-letters")),
                "dead-letter"));
    return builder.build();
  }
}
