package io.fhestreams.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkspacePoolTest {
  @Test
  void shouldReuseAGivenBackWorkspaceOfTheSameShapeOnly() {
    WorkspacePool<String, Object> pool = new WorkspacePool<>(4);
    Object a = new Object();
    pool.give("a", a);
    assertThat(pool.take("b", Object::new)).isNotSameAs(a);
    assertThat(pool.take("a", Object::new)).isSameAs(a);
    assertThat(pool.take("a", Object::new)).as("taken already").isNotSameAs(a);
    assertThat(pool.idleCount()).isZero();
  }

  @Test
  void shouldKeepAtMostMaxIdleTheMostRecentlyGivenBack() {
    WorkspacePool<String, Object> pool = new WorkspacePool<>(2);
    Object first = new Object();
    Object second = new Object();
    Object third = new Object();
    pool.give("s", first);
    pool.give("s", second);
    pool.give("s", third);
    assertThat(pool.idleCount()).isEqualTo(2);
    assertThat(pool.take("s", Object::new)).isSameAs(third);
    assertThat(pool.take("s", Object::new)).isSameAs(second);
    assertThat(pool.take("s", Object::new)).isNotSameAs(first);
  }

  @Test
  void concurrentTakersShouldNeverHoldTheSameWorkspace() throws Exception {
    long seed = new SplittableRandom().nextLong();
    System.out.println("WorkspacePoolTest seed " + seed);
    WorkspacePool<Integer, int[]> pool = new WorkspacePool<>(3);
    Set<int[]> held =
        Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    AtomicInteger clashes = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        SplittableRandom rnd = new SplittableRandom(seed + t);
        done.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < 20_000; i++) {
                    int shape = rnd.nextInt(2);
                    int[] ws = pool.take(shape, () -> new int[] {shape});
                    if (!held.add(ws) || ws[0] != shape) {
                      clashes.incrementAndGet();
                    }
                    held.remove(ws);
                    pool.give(shape, ws);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(clashes.get())
        .as("workspaces held twice or of the wrong shape, seed %d", seed)
        .isZero();
    assertThat(pool.idleCount()).isLessThanOrEqualTo(3);
  }

  @Test
  void nonPositiveMaxIdle_fails() {
    assertThatThrownBy(() -> new WorkspacePool<>(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxIdle must be >= 1, found 0");
  }
}
