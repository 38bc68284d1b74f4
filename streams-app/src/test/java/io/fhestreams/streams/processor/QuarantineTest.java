package io.fhestreams.streams.processor;

import static io.fhestreams.streams.processor.ProcessorRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.streams.metrics.InferenceMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * A record whose outcome cannot be written kills its stream thread; the replacement reads the same
 * offset again. These tests call the processor as Kafka Streams would on each such read.
 */
class QuarantineTest {

  private final InMemoryTestResolver resolver = TestRequests.standardResolver();
  private final InferenceMetrics metrics = new InferenceMetrics(new SimpleMeterRegistry());
  private final List<InferenceOutcome> written = new ArrayList<>();
  private final AtomicInteger writesToFail = new AtomicInteger();
  private final RecordLimits limits =
      new RecordLimits(Duration.ofSeconds(10), 3, Duration.ZERO, Duration.ZERO, 1 << 20);
  private final InferenceProcessor.SharedState shared =
      InferenceProcessor.SharedState.create(limits, Clock.systemUTC());
  private final BoundedWorkerPool pool = new BoundedWorkerPool(new WorkerPoolSize(1, 16));

  @org.junit.jupiter.api.AfterEach
  void closePool() {
    pool.close();
  }

  /** A fresh processor, as a replaced stream thread gets, sharing the topology's state. */
  private InferenceProcessor<TestModel> newProcessor(long offset) {
    InferenceProcessor<TestModel> p =
        new InferenceProcessor<>(
            resolver,
            new ChecksumTestEvaluator(),
            pool,
            metrics,
            new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(20)),
            limits,
            shared,
            Clock.systemUTC());
    p.init(context(offset));
    return p;
  }

  @SuppressWarnings("unchecked")
  private FixedKeyProcessorContext<String, InferenceOutcome> context(long offset) {
    RecordMetadata meta = ProcessorRecords.requestsPartition0(() -> offset);
    return (FixedKeyProcessorContext<String, InferenceOutcome>)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {FixedKeyProcessorContext.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "recordMetadata" -> Optional.of(meta);
                  case "forward" -> {
                    if (writesToFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                      throw new KafkaException("test: the outcome cannot be written");
                    }
                    written.add(((FixedKeyRecord<String, InferenceOutcome>) args[0]).value());
                    yield null;
                  }
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  @org.junit.jupiter.api.Test
  void outcomeThatKeepsFailingToBeWritten_isQuarantinedOnTheReadAfterMaxAttempts() {
    EncryptedInferenceRequest r = TestRequests.valid("r-loop", new SplittableRandom(1), 2).build();
    writesToFail.set(Integer.MAX_VALUE);
    for (int read = 1; read <= 3; read++) {
      assertThatThrownBy(() -> newProcessor(41).process(record(r)))
          .isInstanceOf(KafkaException.class);
    }
    writesToFail.set(0);
    newProcessor(41).process(record(r));
    assertThat(written).hasSize(1);
    InferenceOutcome outcome = written.get(0);
    assertThat(outcome.isPrediction()).isFalse();
    var dl = InferenceOutcome.deadLetter(outcome);
    assertThat(dl.getReason()).isEqualTo(FailureReason.QUARANTINED.name());
    assertThat(dl.getMessage()).contains("read 4 times");
    assertThat(dl.getOriginalOffset()).isEqualTo(41);
    assertThat(dl.getRequestId()).isEqualTo("r-loop");
  }

  @org.junit.jupiter.api.Test
  void aFailureThatPassesBeforeMaxAttempts_isAnsweredAndTheNextOffsetStartsAfresh() {
    EncryptedInferenceRequest r = TestRequests.valid("r-once", new SplittableRandom(2), 2).build();
    writesToFail.set(2);
    for (int read = 1; read <= 2; read++) {
      assertThatThrownBy(() -> newProcessor(7).process(record(r)))
          .isInstanceOf(KafkaException.class);
    }
    newProcessor(7).process(record(r));
    newProcessor(8).process(record(r));
    assertThat(written).extracting(InferenceOutcome::isPrediction).containsExactly(true, true);
  }

  @org.junit.jupiter.api.Test
  void registryOutagesOnTheSameOffset_neverCountTowardsQuarantine() {
    EncryptedInferenceRequest r = TestRequests.valid("r-out", new SplittableRandom(3), 2).build();
    resolver.setDown(true);
    for (int read = 1; read <= 10; read++) {
      assertThatThrownBy(() -> newProcessor(5).process(record(r)))
          .isInstanceOf(RetriesExhaustedException.class);
    }
    resolver.setDown(false);
    newProcessor(5).process(record(r));
    assertThat(written).hasSize(1);
    assertThat(written.get(0).isPrediction()).isTrue();
  }
}
