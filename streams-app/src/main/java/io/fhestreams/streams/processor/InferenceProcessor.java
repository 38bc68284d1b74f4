package io.fhestreams.streams.processor;

import io.fhestreams.schemas.RequestKey;
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
 * <h2>Per-record failures never kill the thread</h2>
 *
 * Whatever one record raises ends as a dead letter: a {@code VirtualMachineError} (out of memory,
 * stack overflow) anywhere in its handling is {@link FailureReason#RESOURCE_LIMIT}, any other
 * exception or error (also from the metrics or arithmetic on the request's fields) {@link
 * FailureReason#INTERNAL_ERROR}. The evaluation runs under the per-record deadline ({@link
 * FailureReason#DEADLINE_EXCEEDED}); a prediction above the record limit is {@link
 * FailureReason#OUTPUT_TOO_LARGE}. An unknown model or key is looked up again for a grace period
 * before it is dead-lettered, and a refusal is remembered for a while ({@link RefusalCache}). The
 * only exception thrown on purpose is {@link RetriesExhaustedException} (transient failures); any
 * other failure that still kills the thread (e.g. while the outcome is written) is counted per
 * offset ({@link OffsetAttempts}) and the record is {@link FailureReason#QUARANTINED} on the read
 * after {@code maxAttempts}.
 *
 * <h2>Cost</h2>
 *
 * The evaluator's {@link EvaluationCost} of the resolved model decides where the evaluation runs: a
 * leveled circuit of a few milliseconds at most ({@link EvaluationCost#runsInline()}) on the stream
 * thread itself, where a hand-off would cost more than the work, and checked against the deadline
 * when it returns; anything else on a {@link DeadlineRunner} thread that the stream thread stops
 * waiting for at the deadline. The cost is also remembered per model version for the {@link
 * CostBudget} of polls, and the processing time of every record is charged to the stream thread's
 * transaction: when it reaches the budget, the processor asks for a commit.
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
  private final RecordLimits limits;
  private final SharedState shared;
  private final Clock clock;
  private FixedKeyProcessorContext<String, InferenceOutcome> context;

  /**
   * What every task's processor shares: the reads per offset, the remembered refusals, the threads
   * that run evaluations under the deadline and the cost budget of polls and transactions.
   *
   * @param attempts reads of each partition's current offset
   * @param refusals refused models and keys
   * @param deadlines runner of evaluations
   * @param budget cost budget per poll and per transaction, with the costs of the models seen
   */
  public record SharedState(
      OffsetAttempts attempts, RefusalCache refusals, DeadlineRunner deadlines, CostBudget budget) {
    /** Validates the fields. */
    public SharedState {
      Objects.requireNonNull(attempts, "attempts");
      Objects.requireNonNull(refusals, "refusals");
      Objects.requireNonNull(deadlines, "deadlines");
      Objects.requireNonNull(budget, "budget");
    }

    /**
     * Fresh shared state for one topology, with its own budget of {@link
     * InferenceProcessor#DEFAULT_COST_BUDGET}.
     */
    public static SharedState create(RecordLimits limits, Clock clock) {
      return create(limits, clock, new CostBudget(DEFAULT_COST_BUDGET));
    }

    /** Fresh shared state for one topology whose polls share {@code budget}. */
    public static SharedState create(RecordLimits limits, Clock clock, CostBudget budget) {
      return new SharedState(
          new OffsetAttempts(),
          new RefusalCache(limits.refusalTtl(), clock),
          new DeadlineRunner(),
          budget);
    }
  }

  /** A tenth of the exactly-once transaction timeout of Kafka Streams (10 s). */
  public static final Duration DEFAULT_COST_BUDGET = Duration.ofSeconds(1);

  /** A processor over these collaborators (shared by every task; each must be thread-safe). */
  public InferenceProcessor(
      ModelResolver<M> resolver,
      CiphertextEvaluator<M> evaluator,
      WorkerPool pool,
      InferenceMetrics metrics,
      RetryPolicy retryPolicy,
      RecordLimits limits,
      SharedState shared,
      Clock clock) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
    this.pool = Objects.requireNonNull(pool, "pool");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.shared = Objects.requireNonNull(shared, "shared");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void init(FixedKeyProcessorContext<String, InferenceOutcome> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, SourcedRequest> record) {
    long started = System.nanoTime();
    DeadLetters.RecordOrigin origin = origin();
    int attempt = shared.attempts().begin(origin);
    InferenceOutcome outcome;
    try {
      if (attempt > limits.maxAttempts()) {
        throw new InferenceException(
            FailureReason.QUARANTINED,
            "offset read "
                + attempt
                + " times; the previous "
                + (attempt - 1)
                + " reads ended without a prediction or a dead letter (thread or process failure),"
                + " above app.record.max.attempts = "
                + limits.maxAttempts());
      }
      outcome = new InferenceOutcome.Predicted(answer(record.key(), record.value(), started));
    } catch (InferenceException e) {
      outcome = deadLetter(record, origin, reasonOf(e, e.reason()), e.getMessage());
    } catch (RetriesExhaustedException e) {
      shared.attempts().forgive(origin);
      throw e;
    } catch (RuntimeException | Error e) {
      FailureReason reason = reasonOf(e, FailureReason.INTERNAL_ERROR);
      LOG.warn("{} while answering the record at {}", reason, origin, e);
      outcome = deadLetter(record, origin, reason, "unexpected " + e);
    }
    try {
      context.forward(record.withValue(outcome));
    } catch (RuntimeException e) {
      if (TransientFailures.isTransient(e)) {
        // e.g. the schema registry is down while the outcome's schema is registered: read again
        shared.attempts().forgive(origin);
      }
      throw e;
    }
    if (shared.budget().charge(System.nanoTime() - started)) {
      context.commit();
    }
  }

  /** {@link FailureReason#RESOURCE_LIMIT} if a VirtualMachineError is among the causes. */
  private static FailureReason reasonOf(Throwable t, FailureReason otherwise) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof VirtualMachineError) {
        return FailureReason.RESOURCE_LIMIT;
      }
    }
    return otherwise;
  }

  private EncryptedPrediction answer(String key, SourcedRequest sourced, long started)
      throws InferenceException {
    if (sourced == null) {
      throw new InferenceException(
          FailureReason.INVALID_REQUEST,
          "record has no value (a tombstone), expected an EncryptedInferenceRequest");
    }
    EncryptedInferenceRequest request = sourced.request();
    if (key != null) {
      checkKey(key, request);
    }
    ModelCoordinates coordinates;
    ParameterSetId requested;
    try {
      coordinates =
          new ModelCoordinates(
              request.getModelName(),
              request.getModelVersion(),
              request.getKeyId(),
              request.getModelStage());
      requested = new ParameterSetId(request.getParameterSetId());
    } catch (IllegalArgumentException e) {
      throw new InferenceException(FailureReason.INVALID_REQUEST, e.getMessage(), e);
    }
    ResolvedModel<M> resolved = resolve(coordinates, request.getCreatedAt());
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
              + resolved.modelVersion()
              + " with key "
              + coordinates.keyId()
              + " uses "
              + resolved.parameterSet());
    }
    byte[] inputs = bytes(request.getInputCiphertexts());
    EvaluationCost cost = evaluator.cost(resolved.modelAndKeys());
    boolean estimated = !cost.equals(EvaluationCost.UNKNOWN);
    if (estimated) {
      shared.budget().remember(coordinates.modelName(), coordinates.modelVersion(), cost);
    }
    long evaluationStart = System.nanoTime();
    DeadlineRunner.Work<Evaluation> work =
        () ->
            withRetry(coordinates, () -> evaluator.evaluate(resolved.modelAndKeys(), inputs, pool));
    Evaluation evaluation =
        cost.runsInline()
            ? runInline(work, request.getRequestId(), coordinates)
            : shared
                .deadlines()
                .run(
                    work,
                    limits.deadline(),
                    "request " + request.getRequestId() + " on " + coordinates);
    if (!estimated) {
      shared
          .budget()
          .rememberMeasured(
              coordinates.modelName(),
              coordinates.modelVersion(),
              System.nanoTime() - evaluationStart);
    }
    Instant completed = clock.instant();
    Duration processing = Duration.ofNanos(System.nanoTime() - started);
    EncryptedPrediction prediction =
        EncryptedPrediction.newBuilder()
            .setRequestId(request.getRequestId())
            .setModelName(request.getModelName())
            .setModelVersion(resolved.modelVersion())
            .setModelStage(request.getModelStage())
            .setKeyId(request.getKeyId())
            .setParameterSetId(resolved.parameterSet().value())
            .setOutputCiphertexts(ByteBuffer.wrap(evaluation.outputCiphertexts()))
            .setProcessingTimeMicros(processing.toNanos() / 1000)
            .setRequestCreatedAt(request.getCreatedAt())
            .setCompletedAt(completed)
            .build();
    long size = predictionBytes(key, prediction);
    if (size > limits.maxOutputBytes()) {
      throw new InferenceException(
          FailureReason.OUTPUT_TOO_LARGE,
          "prediction for request "
              + request.getRequestId()
              + " would take about "
              + size
              + " bytes ("
              + evaluation.outputCiphertexts().length
              + " bytes of ciphertexts), above the record limit app.output.max.bytes = "
              + limits.maxOutputBytes());
    }
    metrics.recordBootstraps(evaluation.bootstraps());
    metrics.recordPrediction(processing, request.getCreatedAt(), completed);
    return prediction;
  }

  /**
   * The record key must be the request's key id, alone or with a spread bucket ({@link
   * RequestKey}): keys are resolved from the key id, the bucket only chose the partition.
   */
  private static void checkKey(String key, EncryptedInferenceRequest request)
      throws InferenceException {
    RequestKey parsed;
    try {
      parsed = RequestKey.parse(key);
    } catch (IllegalArgumentException e) {
      throw new InferenceException(FailureReason.INVALID_REQUEST, e.getMessage(), e);
    }
    if (!parsed.keyId().equals(request.getKeyId())) {
      throw new InferenceException(
          FailureReason.INVALID_REQUEST,
          "record key names key id "
              + parsed.keyId()
              + ", the request's keyId is \""
              + DeadLetters.abbreviate(request.getKeyId(), RequestKey.MAX_LENGTH)
              + "\"; expected them equal");
    }
  }

  /**
   * Runs a cheap evaluation on the stream thread; one that returns after the deadline (the estimate
   * was wrong, or the machine stalled) is dead-lettered as it would have been on a deadline thread.
   */
  private Evaluation runInline(
      DeadlineRunner.Work<Evaluation> work, String requestId, ModelCoordinates coordinates)
      throws InferenceException {
    long start = System.nanoTime();
    Evaluation evaluation = work.run();
    long elapsed = System.nanoTime() - start;
    if (elapsed > limits.deadline().toNanos()) {
      throw new InferenceException(
          FailureReason.DEADLINE_EXCEEDED,
          "evaluation of request "
              + requestId
              + " on "
              + coordinates
              + " took "
              + Duration.ofNanos(elapsed)
              + ", longer than the per-record deadline of "
              + limits.deadline());
    }
    return evaluation;
  }

  /** An upper bound of the produced record's size: its payloads plus a fixed overhead. */
  private static long predictionBytes(String key, EncryptedPrediction p) {
    return DeadLetters.RECORD_OVERHEAD_BYTES
        + DeadLetters.utf8Length(key)
        + DeadLetters.utf8Length(p.getRequestId())
        + DeadLetters.utf8Length(p.getModelName())
        + DeadLetters.utf8Length(p.getModelVersion())
        + DeadLetters.utf8Length(p.getModelStage())
        + DeadLetters.utf8Length(p.getKeyId())
        + DeadLetters.utf8Length(p.getParameterSetId())
        + p.getOutputCiphertexts().remaining();
  }

  /**
   * Resolves with retries on transient failures; an unknown model or key is looked up again until
   * the grace period after the request's creation (at most the grace from now) is over, then
   * refused and remembered.
   */
  private ResolvedModel<M> resolve(ModelCoordinates coordinates, Instant createdAt)
      throws InferenceException {
    shared.refusals().check(coordinates);
    Instant now = clock.instant();
    Instant createdGraceEnd = createdAt.plus(limits.unknownGrace());
    Instant graceEnd =
        createdGraceEnd.isBefore(now.plus(limits.unknownGrace()))
            ? createdGraceEnd
            : now.plus(limits.unknownGrace());
    Duration backoff = retryPolicy.initialBackoff();
    while (true) {
      try {
        return withRetry(coordinates, () -> resolver.resolve(coordinates));
      } catch (InferenceException e) {
        Duration left = Duration.between(clock.instant(), graceEnd);
        if (!e.mayAppearLater() || left.isNegative() || left.isZero()) {
          shared.refusals().remember(coordinates, e);
          throw e;
        }
        metrics.recordRetry();
        LOG.info("{} for {}: looking again in {}", e.reason(), coordinates, backoff);
        sleep(Math.min(backoff.toNanos(), left.toNanos()));
        backoff = retryPolicy.nextBackoff(backoff);
      }
    }
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
      } catch (RetriesExhaustedException e) {
        throw e;
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

  private DeadLetters.RecordOrigin origin() {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    return meta == null
        ? new DeadLetters.RecordOrigin("", -1, -1)
        : new DeadLetters.RecordOrigin(meta.topic(), meta.partition(), meta.offset());
  }

  private InferenceOutcome deadLetter(
      FixedKeyRecord<String, SourcedRequest> record,
      DeadLetters.RecordOrigin origin,
      FailureReason reason,
      String message) {
    metrics.recordDeadLetter(reason);
    SourcedRequest sourced = record.value();
    LOG.info(
        "dead-lettering {} at {}: {}",
        reason,
        origin,
        DeadLetters.abbreviate(message, DeadLetters.MAX_MESSAGE_CHARS));
    return new InferenceOutcome.DeadLettered(
        DeadLetters.newDeadLetter(
            reason,
            message,
            sourced == null ? null : sourced.request().getRequestId(),
            origin,
            record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8),
            sourced == null ? null : sourced.rawValue(),
            clock.instant(),
            limits.maxOutputBytes()));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
