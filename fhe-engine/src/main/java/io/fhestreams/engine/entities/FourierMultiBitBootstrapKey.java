package io.fhestreams.engine.entities;

import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.PolynomialSize;

/**
 * A multi-bit bootstrap key in the Fourier domain: the layout of {@link MultiBitBootstrapKey} with
 * every polynomial transformed, held as a {@link FourierLweBootstrapKey} over the n/g·2^g indicator
 * bits. Group i's 2^g GGSW ciphertexts are contiguous from {@link #groupOffset(int)}. Read-only
 * once built: many threads may bootstrap with one key.
 */
public final class FourierMultiBitBootstrapKey {
  private final FourierLweBootstrapKey ggsws;
  private final LweDimension inputLweDimension;
  private final int groupingFactor;

  /** Wraps {@code ggsws} (n/g·2^g Fourier GGSW ciphertexts) without copying. */
  public FourierMultiBitBootstrapKey(
      FourierLweBootstrapKey ggsws, LweDimension inputLweDimension, int groupingFactor) {
    MultiBitBootstrapKey.requireGgswCount(
        "FourierMultiBitBootstrapKey",
        ggsws.inputLweDimension().value(),
        inputLweDimension,
        groupingFactor);
    this.ggsws = ggsws;
    this.inputLweDimension = inputLweDimension;
    this.groupingFactor = groupingFactor;
  }

  /** The Fourier GGSW list as a classic Fourier key over indicator bits. */
  public FourierLweBootstrapKey ggsws() {
    return ggsws;
  }

  /** The array of all GGSW ciphertexts (live), from {@link FourierLweBootstrapKey#offset()} on. */
  public double[] data() {
    return ggsws.data();
  }

  public LweDimension inputLweDimension() {
    return inputLweDimension;
  }

  public int groupingFactor() {
    return groupingFactor;
  }

  /** n/g: groups, i.e. external products per blind rotation. */
  public int groupCount() {
    return inputLweDimension.value() / groupingFactor;
  }

  /** 2^g: GGSW ciphertexts per group. */
  public int ggswPerGroup() {
    return 1 << groupingFactor;
  }

  /** Index in {@link #data()} of group {@code group}'s first GGSW. */
  public int groupOffset(int group) {
    return ggsws.ggswOffset(group * ggswPerGroup());
  }

  public GlweDimension glweDimension() {
    return ggsws.glweDimension();
  }

  public PolynomialSize polynomialSize() {
    return ggsws.polynomialSize();
  }

  public DecompositionBaseLog baseLog() {
    return ggsws.baseLog();
  }

  public DecompositionLevelCount levelCount() {
    return ggsws.levelCount();
  }

  /** Doubles per GGSW: l·(k+1)²·N. */
  public int ggswSize() {
    return ggsws.ggswSize();
  }

  @Override
  public String toString() {
    return "FourierMultiBitBootstrapKey{n="
        + inputLweDimension.value()
        + ", g="
        + groupingFactor
        + ", "
        + ggsws
        + "}";
  }
}
