package io.fhestreams.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class TaskRunnerTest {

  @Test
  void everyTaskRunsOnce_oneOnTheCallingThread() {
    for (int threads = 1; threads <= 4; threads++) {
      for (int count = 1; count <= 6; count++) {
        AtomicIntegerArray runs = new AtomicIntegerArray(count);
        ConcurrentHashMap<Integer, Thread> ranOn = new ConcurrentHashMap<>();
        List<Runnable> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          int task = i;
          tasks.add(
              () -> {
                runs.incrementAndGet(task);
                ranOn.put(task, Thread.currentThread());
              });
        }
        TaskRunner.threads(threads).runAll(tasks);
        for (int i = 0; i < count; i++) {
          assertThat(runs.get(i)).as("task %d of %d on %d threads", i, count, threads).isEqualTo(1);
        }
        assertThat(ranOn.get(0)).isSameAs(Thread.currentThread());
        assertThat(ranOn.values().stream().distinct().count()).isLessThanOrEqualTo(threads);
      }
    }
  }

  @Test
  void aFailingTask_failsTheCall() {
    Runnable ok = () -> {};
    Runnable bad =
        () -> {
          throw new ArithmeticException("boom");
        };
    assertThatThrownBy(() -> TaskRunner.threads(2).runAll(List.of(ok, bad)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a bootstrap failed")
        .hasRootCauseInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> TaskRunner.threads(2).runAll(List.of(bad, ok)))
        .isInstanceOf(ArithmeticException.class);
  }
}
