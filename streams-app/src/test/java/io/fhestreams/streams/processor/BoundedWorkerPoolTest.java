package io.fhestreams.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedWorkerPoolTest {

  @Test
  void shouldReturnResultsInTaskOrder() throws Exception {
    try (BoundedWorkerPool pool = new BoundedWorkerPool(new WorkerPoolSize(3, 4))) {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        tasks.add(() -> n * n);
      }
      List<Integer> out = pool.invokeAll(tasks);
      for (int i = 0; i < 200; i++) {
        assertThat(out.get(i)).isEqualTo(i * i);
      }
    }
  }

  @Test
  void shouldNeverRunMoreWorkersThanConfiguredPlusCallers() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    try (BoundedWorkerPool pool = new BoundedWorkerPool(new WorkerPoolSize(2, 1))) {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        tasks.add(
            () -> {
              int now = running.incrementAndGet();
              peak.accumulateAndGet(now, Math::max);
              threads.add(Thread.currentThread().getName());
              Thread.sleep(2);
              running.decrementAndGet();
              return 1;
            });
      }
      assertThat(pool.invokeAll(tasks)).hasSize(40);
    }
    // 2 workers + the submitting thread when the 1-slot queue is full (caller runs)
    assertThat(peak.get()).isBetween(1, 3);
    assertThat(threads)
        .allMatch(n -> n.startsWith("fhe-worker-") || n.equals(Thread.currentThread().getName()));
  }

  @Test
  void failingTask_failsTheCallWithItsCause() {
    try (BoundedWorkerPool pool = new BoundedWorkerPool(new WorkerPoolSize(2, 8))) {
      List<Callable<Integer>> tasks =
          List.of(
              () -> 1,
              () -> {
                throw new IllegalStateException("boom");
              },
              () -> 3);
      assertThatThrownBy(() -> pool.invokeAll(tasks))
          .isInstanceOf(ExecutionException.class)
          .hasRootCauseMessage("boom");
    }
  }

  @Test
  void invalidSize_fails() {
    assertThatThrownBy(() -> new WorkerPoolSize(0, 1))
        .hasMessageContaining("worker threads must be >= 1, found 0");
    assertThatThrownBy(() -> new WorkerPoolSize(1, 0))
        .hasMessageContaining("queue capacity must be >= 1, found 0");
  }
}
