package io.fhestreams.engine.algorithms;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs independent pieces of work, e.g. the bootstraps of one circuit level, possibly in parallel.
 * The engine's default ({@link #threads}) starts its own threads per call; a server that shares one
 * bounded pool between requests supplies its own runner instead (the engine knows nothing of it).
 *
 * <p>Implementations must be thread-safe; tasks never submit further tasks to the same runner.
 */
public interface TaskRunner {

  /**
   * How many tasks may usefully run at once (at least 1): callers split work into this many parts.
   */
  int parallelism();

  /**
   * Runs every task and returns when all are done. If a task throws, that failure is rethrown as an
   * unchecked exception (after the others finished or were cancelled).
   */
  void runAll(List<? extends Runnable> tasks);

  /**
   * A runner that runs one task of each call on the calling thread and the others on up to {@code
   * threads} − 1 daemon threads it starts for that call: the caller works instead of waiting, and
   * its part starts at once rather than after a thread start.
   */
  static TaskRunner threads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, found " + threads);
    }
    return new TaskRunner() {
      @Override
      public int parallelism() {
        return threads;
      }

      @Override
      public void runAll(List<? extends Runnable> tasks) {
        if (tasks.size() == 1 || threads == 1) {
          tasks.forEach(Runnable::run);
          return;
        }
        ExecutorService pool =
            Executors.newFixedThreadPool(
                Math.min(threads - 1, tasks.size() - 1),
                r -> {
                  Thread t = new Thread(r, "fhe-pbs");
                  t.setDaemon(true);
                  return t;
                });
        try {
          List<Future<?>> futures = new ArrayList<>();
          for (Runnable task : tasks.subList(1, tasks.size())) {
            futures.add(pool.submit(task));
          }
          tasks.get(0).run();
          for (Future<?> f : futures) {
            f.get();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while bootstrapping", e);
        } catch (ExecutionException e) {
          throw new IllegalStateException("a bootstrap failed: " + e.getCause(), e.getCause());
        } finally {
          pool.shutdownNow();
        }
      }
    };
  }
}
