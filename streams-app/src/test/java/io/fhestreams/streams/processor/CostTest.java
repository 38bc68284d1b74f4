package io.fhestreams.streams.processor;

import static io.fhestreams.streams.processor.ProcessorRecords.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.streams.metrics.InferenceMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where an evaluation runs by its cost, and when the processor asks for a commit. */
class CostTest {

  private static final EvaluationCost LINEAR = new EvaluationCost(0, 120_000);
  private static final EvaluationCost TREES = new EvaluationCost(143, 2_000_000_000L);

  private final InMemoryTestResolver resolver = TestRequests.standardResolver();
  private final List<InferenceOutcome> written = new ArrayList<>();
  private final AtomicInteger commits = new AtomicInteger();
  private final List<String> evaluatedOn = new ArrayList<>();
  private final BoundedWorkerPool pool = new BoundedWorkerPool(new WorkerPoolSize(1, 16));

  @AfterEach
  void closePool() {
    pool.close();
  }

  /** The checksum evaluator with a fixed cost, recording the thread of each evaluation. */
  private CiphertextEvaluator<TestModel> evaluator(EvaluationCost cost, Duration delay) {
    ChecksumTestEvaluator checksums = new ChecksumTestEvaluator();
    return new CiphertextEvaluator<>() {
      @Override
      public Evaluation evaluate(TestModel model, byte[] inputs, WorkerPool workers)
          throws InferenceException {
        synchronized (evaluatedOn) {
          evaluatedOn.add(Thread.currentThread().getName());
        }
        if (!delay.isZero()) {
          try {
            Thread.sleep(delay.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return checksums.evaluate(model, inputs, workers);
      }

      @Override
      public EvaluationCost cost(TestModel model) {
        return cost;
      }
    };
  }

  private InferenceProcessor<TestModel> processor(
      EvaluationCost cost, Duration delay, Duration deadline, CostBudget budget) {
    RecordLimits limits = new RecordLimits(deadline, 3, Duration.ZERO, Duration.ZERO, 1 << 20);
    InferenceProcessor<TestModel> p =
        new InferenceProcessor<>(
            resolver,
            evaluator(cost, delay),
            pool,
            new InferenceMetrics(new SimpleMeterRegistry()),
            new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(20)),
            limits,
            InferenceProcessor.SharedState.create(limits, Clock.systemUTC(), budget),
            Clock.systemUTC());
    p.init(context());
    return p;
  }

  @SuppressWarnings("unchecked")
  private FixedKeyProcessorContext<String, InferenceOutcome> context() {
    AtomicInteger offset = new AtomicInteger();
    RecordMetadata meta = ProcessorRecords.requestsPartition0(offset::get);
    return (FixedKeyProcessorContext<String, InferenceOutcome>)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {FixedKeyProcessorContext.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "recordMetadata" -> Optional.of(meta);
                  case "forward" -> {
                    written.add(((FixedKeyRecord<String, InferenceOutcome>) args[0]).value());
                    offset.incrementAndGet();
                    yield null;
                  }
                  case "commit" -> {
                    commits.incrementAndGet();
                    yield null;
                  }
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  private static EncryptedInferenceRequest request(String id, long seed) {
    return TestRequests.valid(id, new SplittableRandom(seed), 2).build();
  }

  private static EncryptedInferenceRequest marked(String id, byte marker) {
    EncryptedInferenceRequest r = request(id, 7);
    byte[] inputs = TestRequests.inputs(r);
    inputs[0] = marker;
    r.setInputCiphertexts(ByteBuffer.wrap(inputs));
    return r;
  }

  @Test
  void leveledCheapModel_isEvaluatedOnTheStreamThread_andItsCostIsRemembered() {
    CostBudget budget = new CostBudget(Duration.ofHours(1));
    assertThat(budget.estimatedNanos(TestRequests.MODEL, TestRequests.VERSION))
        .isEqualTo(budget.budgetNanos());
    InferenceProcessor<TestModel> p =
        processor(LINEAR, Duration.ZERO, Duration.ofSeconds(10), budget);
    for (int i = 0; i < 5; i++) {
      p.process(record(request("r-" + i, i)));
    }
    assertThat(written).allMatch(InferenceOutcome::isPrediction).hasSize(5);
    assertThat(evaluatedOn).containsOnly(Thread.currentThread().getName());
    assertThat(budget.estimatedNanos(TestRequests.MODEL, TestRequests.VERSION))
        .isEqualTo(LINEAR.estimatedNanos())
        .isLessThan(EvaluationCost.INLINE_MAX_NANOS);
    assertThat(commits).hasValue(0);
  }

  @Test
  void bootstrappingOrUnknownCost_isEvaluatedOnADeadlineThread() {
    for (EvaluationCost cost : List.of(TREES, EvaluationCost.UNKNOWN)) {
      evaluatedOn.clear();
      CostBudget budget = new CostBudget(Duration.ofHours(1));
      processor(cost, Duration.ofMillis(5), Duration.ofSeconds(10), budget)
          .process(record(request("r-" + cost.bootstraps(), 3)));
      assertThat(evaluatedOn).singleElement().asString().startsWith("fhe-evaluation-");
      long remembered = budget.estimatedNanos(TestRequests.MODEL, TestRequests.VERSION);
      if (cost.equals(EvaluationCost.UNKNOWN)) {
        // no estimate from the evaluator: twice the measured evaluation (at least the 5 ms sleep)
        assertThat(remembered).isBetween(10_000_000L, budget.budgetNanos() - 1);
      } else {
        assertThat(remembered).isEqualTo(TREES.estimatedNanos());
      }
    }
    assertThat(written).allMatch(InferenceOutcome::isPrediction).hasSize(2);
  }

  @Test
  void commitIsAskedForWhenTheRecordsProcessedReachTheBudget() {
    InferenceProcessor<TestModel> eachRecord =
        processor(
            LINEAR, Duration.ZERO, Duration.ofSeconds(10), new CostBudget(Duration.ofNanos(1)));
    for (int i = 0; i < 3; i++) {
      eachRecord.process(record(request("r-" + i, i)));
    }
    assertThat(commits).hasValue(3);
    // 20 ms per record against 50 ms: a request after the third record, then after the sixth
    commits.set(0);
    InferenceProcessor<TestModel> slow =
        processor(
            LINEAR,
            Duration.ofMillis(20),
            Duration.ofSeconds(10),
            new CostBudget(Duration.ofMillis(50)));
    for (int i = 0; i < 6; i++) {
      slow.process(record(request("s-" + i, i)));
    }
    assertThat(commits.get()).isBetween(2, 3);
  }

  @Test
  void inlineEvaluations_keepEveryFailurePath() {
    InferenceProcessor<TestModel> p =
        processor(
            LINEAR, Duration.ZERO, Duration.ofSeconds(10), new CostBudget(Duration.ofHours(1)));
    p.process(record(marked("err", ChecksumTestEvaluator.EVALUATION_ERROR_MARKER)));
    p.process(record(marked("bug", ChecksumTestEvaluator.BUG_MARKER)));
    p.process(record(marked("oom", ChecksumTestEvaluator.OUT_OF_MEMORY_MARKER)));
    InferenceProcessor<TestModel> slow =
        processor(
            LINEAR,
            Duration.ofMillis(60),
            Duration.ofMillis(10),
            new CostBudget(Duration.ofHours(1)));
    slow.process(record(request("late", 4)));
    assertThat(written)
        .extracting(o -> InferenceOutcome.deadLetter(o).getReason())
        .containsExactly(
            FailureReason.EVALUATION_ERROR.name(),
            FailureReason.INTERNAL_ERROR.name(),
            FailureReason.RESOURCE_LIMIT.name(),
            FailureReason.DEADLINE_EXCEEDED.name());
    assertThat(evaluatedOn).containsOnly(Thread.currentThread().getName());
  }
}
