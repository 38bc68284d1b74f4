package io.fhestreams.streams.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link WorkerPool} of a fixed number of daemon threads with a bounded queue. When the queue is
 * full the submitting thread runs the task itself (caller-runs), so memory stays bounded and a
 * burst from several stream threads slows them down instead of failing.
 */
public final class BoundedWorkerPool implements WorkerPool, AutoCloseable {

  private final ThreadPoolExecutor executor;

  /** Starts the pool's threads. */
  public BoundedWorkerPool(WorkerPoolSize size) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory threads =
        r -> {
          Thread t = new Thread(r, "fhe-worker-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.executor =
        new ThreadPoolExecutor(
            size.threads(),
            size.threads(),
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(size.queueCapacity()),
            threads,
            new ThreadPoolExecutor.CallerRunsPolicy());
  }

  @Override
  public int parallelism() {
    return executor.getCorePoolSize();
  }

  @Override
  public <T> List<T> invokeAll(List<? extends Callable<T>> tasks)
      throws ExecutionException, InterruptedException {
    List<Future<T>> futures = new ArrayList<>(tasks.size());
    try {
      for (Callable<T> task : tasks) {
        futures.add(executor.submit(task));
      }
      List<T> results = new ArrayList<>(tasks.size());
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      // no-op for finished tasks; stops the rest after a failure or an interrupt
      futures.forEach(f -> f.cancel(true));
    }
  }

  /** Stops accepting work and waits up to 10 s for running tasks. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "BoundedWorkerPool[threads="
        + parallelism()
        + ", queueCapacity="
        + (executor.getQueue().remainingCapacity() + executor.getQueue().size())
        + "]";
  }
}
