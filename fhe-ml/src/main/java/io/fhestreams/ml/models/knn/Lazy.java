package io.fhestreams.ml.models.knn;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A value built when first asked for, at most once. The circuit builder keeps every node it is
 * given (it prunes none), so a lowering builds a node only when something that reaches an output
 * asks for it: a compare-swap whose maximum the network drops builds no maximum.
 *
 * @param <T> the value
 */
final class Lazy<T> implements Supplier<T> {
  private Supplier<T> build;
  private T value;

  Lazy(Supplier<T> build) {
    this.build = Objects.requireNonNull(build, "build");
  }

  /** The value, built now if it was not yet. */
  @Override
  public T get() {
    if (build != null) {
      value = build.get();
      build = null;
    }
    return value;
  }

  /** {@code f} of this value, built when first asked for. */
  <R> Lazy<R> map(Function<? super T, R> f) {
    return new Lazy<>(() -> f.apply(get()));
  }
}
