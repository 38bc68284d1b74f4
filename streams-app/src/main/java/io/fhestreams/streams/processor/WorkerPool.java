package io.fhestreams.streams.processor;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * The one bounded pool of worker threads that all stream threads share for the work inside a record
 * (typically the independent bootstraps of one request), so that the machine's cores are used
 * whatever the number of stream threads, without oversubscribing them.
 *
 * <p>Tasks must not themselves submit to the pool.
 */
public interface WorkerPool {

  /** Number of worker threads. */
  int parallelism();

  /**
   * Runs every task, possibly in parallel, and returns their results in the order of {@code tasks}.
   * Blocks until all are done. If a task throws, the remaining ones are cancelled and the first
   * failure is thrown as an {@link ExecutionException}.
   */
  <T> List<T> invokeAll(List<? extends Callable<T>> tasks)
      throws ExecutionException, InterruptedException;
}
