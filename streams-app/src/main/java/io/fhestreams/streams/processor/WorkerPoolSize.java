package io.fhestreams.streams.processor;

/**
 * Size of the shared {@link BoundedWorkerPool}.
 *
 * @param threads worker threads, >= 1 (usually the number of cores)
 * @param queueCapacity tasks that may wait for a worker, >= 1; beyond it the submitting stream
 *     thread runs the task itself, which bounds memory and slows producers of work down
 */
public record WorkerPoolSize(int threads, int queueCapacity) {
  /** Validates the sizes. */
  public WorkerPoolSize {
    if (threads < 1) {
      throw new IllegalArgumentException("worker threads must be >= 1, found " + threads);
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException(
          "worker queue capacity must be >= 1, found " + queueCapacity);
    }
  }
}
