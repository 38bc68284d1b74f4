package io.fhestreams.engine.algorithms;

import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;

/**
 * Idle scratch workspaces kept between calls, so that a call of {@link
 * ProgrammableBootstrap#bootstrapNew} or {@link ProgrammableBootstrap#parBootstrapNew} does not
 * allocate and zero new ones: their 64-byte-aligned arrays cost half a G1 region each (0.2–0.4 ms
 * of zeroing per call, benchmarks/RESULTS.md, "64-byte alignment of the external product's
 * workspaces"). A worker takes a workspace, uses it alone, and gives it back when done; the
 * concurrent deque hands it from one thread to the next (a give happens-before the take that
 * returns it), so each workspace is confined to one thread at a time whichever threads call (Kafka
 * Streams' stream threads, a task runner's fresh threads). Workspaces are matched by shape (what
 * their sizes depend on); at most {@code maxIdle} are kept, the most recently given back first.
 *
 * @param <S> the shape, compared with {@code equals}
 * @param <W> the workspace
 */
final class WorkspacePool<S, W> {
  private final ConcurrentLinkedDeque<Map.Entry<S, W>> idle = new ConcurrentLinkedDeque<>();
  private final int maxIdle;

  /** A pool keeping at most {@code maxIdle} idle workspaces. */
  WorkspacePool(int maxIdle) {
    if (maxIdle < 1) {
      throw new IllegalArgumentException("maxIdle must be >= 1, found " + maxIdle);
    }
    this.maxIdle = maxIdle;
  }

  /** An idle workspace of {@code shape}, now the caller's alone, or a new one from {@code make}. */
  W take(S shape, Supplier<W> make) {
    for (Map.Entry<S, W> e : idle) {
      // another thread may take the same entry first: only the one whose removal succeeds owns it
      if (e.getKey().equals(shape) && idle.removeFirstOccurrence(e)) {
        return e.getValue();
      }
    }
    return make.get();
  }

  /**
   * Gives {@code workspace} (of {@code shape}, taken from this pool or made by the caller, no
   * longer used by it) back for reuse; the least recently given back beyond {@code maxIdle} are
   * dropped.
   */
  void give(S shape, W workspace) {
    idle.offerFirst(Map.entry(shape, workspace));
    while (idle.size() > maxIdle) {
      idle.pollLast();
    }
  }

  /** Idle workspaces held (for tests). */
  int idleCount() {
    return idle.size();
  }
}
