package io.fhestreams.streams.processor;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one record's evaluation on its own thread so that the stream thread can stop waiting at the
 * per-record deadline. Past the deadline the evaluation is interrupted: the engine stops at its
 * next wait on the worker pool (the start of the next bootstrap batch); the stream thread goes on
 * at once. Threads are daemons and end after a minute idle. Shared by every task; thread-safe.
 */
public final class DeadlineRunner {

  /** An evaluation: the evaluator called (with its retries). */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws InferenceException;
  }

  private final ThreadPoolExecutor executor;

  /** A runner starting threads as records need them. */
  public DeadlineRunner() {
    AtomicInteger count = new AtomicInteger();
    executor =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "fhe-evaluation-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Runs {@code work}, waiting at most {@code deadline}. Its {@link InferenceException}, runtime
   * exception or error is thrown here as is.
   *
   * @throws InferenceException {@code DEADLINE_EXCEEDED} past the deadline
   */
  public <T> T run(Work<T> work, Duration deadline, String what) throws InferenceException {
    Callable<T> task = work::run;
    Future<T> future = executor.submit(task);
    try {
      return future.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new InferenceException(
          FailureReason.DEADLINE_EXCEEDED,
          "evaluation of " + what + " ran longer than the per-record deadline of " + deadline);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InferenceException ie) {
        throw ie;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new RetriesExhaustedException("interrupted while waiting for an evaluation", e);
    }
  }
}
