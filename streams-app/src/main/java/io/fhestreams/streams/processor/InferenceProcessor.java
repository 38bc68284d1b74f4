package io.fhestreams.streams.processor;

import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.schemas.avro.EncryptedPrediction;
import io.fhestreams.streams.metrics.InferenceMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one request: validate, resolve model and keys, check the parameter set, evaluate;
 * forwards an {@link InferenceOutcome}: a prediction, or a dead letter carrying the {@link
 * FailureReason}, a message and the original bytes. It never drops a record and never stops on a
 * bad one.
 *
 * <h2>Retryable failures</h2>
 *
 * When the resolver or evaluator fails with a {@linkplain FailureReason#retryable() retryable}
 * reason (registry unavailable), the processor blocks the stream thread and retries with
 * exponential backoff ({@link RetryPolicy}). Blocking in place keeps the record's position: later
 * records of the partition wait behind it, so nothing is reordered. The wait is bounded by {@link
 * RetryPolicy#maxBlock()}, set below the exactly-once transaction timeout and {@code
 * max.poll.interval.ms}; past it the processor throws {@link RetriesExhaustedException}, the
 * application replaces the stream thread, the open transaction is aborted and the record is
 * consumed again from the last committed offset, so an outage of any length loses nothing.
 *
 * <p>Unexpected runtime exceptions from the resolver or evaluator are dead-lettered as {@link
 * FailureReason#INTERNAL_ERROR} (with the exception's class and message), so that a bug on one
 * input does not stall the partition forever; the dead letter keeps the bytes for a replay.
 *
 * @param <M> the model-and-keys type shared by the resolver and the evaluator
 */
public final class InferenceProcessor<M>
    implements FixedKeyProcessor<String, SourcedRequest, InferenceOutcome> {

  private static final Logger LOG = LoggerFactory.getLogger(InferenceProcessor.class);

  private final ModelResolver<M> resolver;
  private final CiphertextEvaluator<M> evaluator;
  private final WorkerPool pool;
  private final InferenceMetrics metrics;
  private final RetryPolicy retryPolicy;
  private final Clock clock;
  private FixedKeyProcessorContext<String, InferenceOutcome> context;

  /** A processor over these collaborators (shared by every task; each must be thread-safe). */
  public InferenceProcessor(
      ModelResolver<M> resolver,
      CiphertextEvaluator<M> evaluator,
      WorkerPool pool,
      InferenceMetrics metrics,
      RetryPolicy retryPolicy,
      Clock clock) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
    this.pool = Objects.requireNonNull(pool, "pool");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void init(FixedKeyProcessorContext<String, InferenceOutcome> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, SourcedRequest> record) {
    long started = System.nanoTime();
    SourcedRequest sourced = record.value();
    InferenceOutcome outcome;
    try {
      outcome = new InferenceOutcome.Predicted(answer(record.key(), sourced, started));
    } catch (InferenceException e) {
      outcome = deadLetter(record, e.reason(), e.getMessage());
    }
    context.forward(record.withValue(outcome));
  }

  private EncryptedPrediction answer(String key, SourcedRequest sourced, long started)
      throws InferenceException {
    if (sourced == null) {
      throw new InferenceException(
          FailureReason.INVALID_REQUEST,
          "record has no value (a tombstone), expected an EncryptedInferenceRequest");
    }
    EncryptedInferenceRequest request = sourced.request();
    if (key != null && !key.equals(request.getKeyId())) {
      throw new InferenceException(
          FailureReason.INVALID_REQUEST,
          "record key \""
              + key
              + "\" differs from the request's keyId \""
              + request.getKeyId()
              + "\"; expected them equal");
    }
    ModelCoordinates coordinates;
    ParameterSetId requested;
    try {
      coordinates =
          new ModelCoordinates(
              request.getModelName(), request.getModelVersion(), request.getKeyId());
      requested = new ParameterSetId(request.getParameterSetId());
    } catch (IllegalArgumentException e) {
      throw new InferenceException(FailureReason.INVALID_REQUEST, e.getMessage(), e);
    }
    ResolvedModel<M> resolved = withRetry(coordinates, () -> resolver.resolve(coordinates));
    metrics.recordCacheLookup(resolved.cacheLookup());
    if (!resolved.parameterSet().equals(requested)) {
      throw new InferenceException(
          FailureReason.PARAMETER_SET_MISMATCH,
          "request "
              + request.getRequestId()
              + " was encrypted under parameter set "
              + requested
              + ", but model "
              + coordinates.modelName()
              + " version "
              + coordinates.modelVersion()
              + " with key "
              + coordinates.keyId()
              + " uses "
              + resolved.parameterSet());
    }
    byte[] inputs = bytes(request.getInputCiphertexts());
    Evaluation evaluation =
        withRetry(coordinates, () -> evaluator.evaluate(resolved.modelAndKeys(), inputs, pool));
    metrics.recordBootstraps(evaluation.bootstraps());
    Instant completed = clock.instant();
    Duration processing = Duration.ofNanos(System.nanoTime() - started);
    metrics.recordPrediction(processing, Duration.between(request.getCreatedAt(), completed));
    return EncryptedPrediction.newBuilder()
        .setRequestId(request.getRequestId())
        .setModelName(request.getModelName())
        .setModelVersion(request.getModelVersion())
        .setKeyId(request.getKeyId())
        .setParameterSetId(resolved.parameterSet().value())
        .setOutputCiphertexts(ByteBuffer.wrap(evaluation.outputCiphertexts()))
        .setProcessingTimeMicros(processing.toNanos() / 1000)
        .setRequestCreatedAt(request.getCreatedAt())
        .setCompletedAt(completed)
        .build();
  }

  /** A call to the resolver or the evaluator. */
  @FunctionalInterface
  private interface Attempt<T> {
    T run() throws InferenceException;
  }

  private <T> T withRetry(ModelCoordinates coordinates, Attempt<T> attempt)
      throws InferenceException {
    long deadline = System.nanoTime() + retryPolicy.maxBlock().toNanos();
    Duration backoff = retryPolicy.initialBackoff();
    while (true) {
      try {
        return attempt.run();
      } catch (InferenceException e) {
        if (!e.isRetryable()) {
          throw e;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw new RetriesExhaustedException(
              "still "
                  + e.reason()
                  + " after "
                  + retryPolicy.maxBlock()
                  + " for "
                  + coordinates
                  + "; giving the record back to be consumed again",
              e);
        }
        metrics.recordRetry();
        LOG.warn("{} for {}: retrying in {}", e.reason(), coordinates, backoff);
        sleep(Math.min(backoff.toNanos(), remaining));
        backoff = retryPolicy.nextBackoff(backoff);
      } catch (RuntimeException e) {
        throw new InferenceException(
            FailureReason.INTERNAL_ERROR,
            "unexpected " + e.getClass().getName() + " for " + coordinates + ": " + e.getMessage(),
            e);
      }
    }
  }

  private static void sleep(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetriesExhaustedException("interrupted while waiting to retry", e);
    }
  }

  private InferenceOutcome deadLetter(
      FixedKeyRecord<String, SourcedRequest> record, FailureReason reason, String message) {
    metrics.recordDeadLetter(reason);
    RecordMetadata meta = context.recordMetadata().orElse(null);
    DeadLetters.RecordOrigin origin =
        meta == null
            ? new DeadLetters.RecordOrigin("", -1, -1)
            : new DeadLetters.RecordOrigin(meta.topic(), meta.partition(), meta.offset());
    SourcedRequest sourced = record.value();
    LOG.info("dead-lettering {} at {}: {}", reason, origin, message);
    return new InferenceOutcome.DeadLettered(
        DeadLetters.newDeadLetter(
            reason,
            message,
            sourced == null ? null : sourced.request().getRequestId(),
            origin,
            record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8),
            sourced == null ? null : sourced.rawValue(),
            clock.instant()));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
