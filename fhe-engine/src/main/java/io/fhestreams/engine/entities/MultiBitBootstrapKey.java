package io.fhestreams.engine.entities;

import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.MultiBitParameterSet;
import java.util.Objects;

/**
 * A multi-bit bootstrap key in the standard domain (tfhe-rs {@code LweMultiBitBootstrapKey}): the
 * small key's n bits in n/g groups of g, and per group 2^g GGSW ciphertexts, GGSW p (p < 2^g)
 * encrypting 1 when the group's bits equal the pattern p (bit j of the group selected by bit g-1-j
 * of p, as tfhe-rs {@code selection_bit}) and 0 otherwise: exactly one GGSW of each group encrypts
 * 1. The GGSW list, group by group, is held as an {@link LweBootstrapKey} over those n/g·2^g
 * indicator bits, so its layout and algorithms are the classic key's.
 */
public final class MultiBitBootstrapKey {
  private final LweBootstrapKey ggsws;
  private final LweDimension inputLweDimension;
  private final int groupingFactor;

  /** Wraps {@code ggsws} (n/g·2^g GGSW ciphertexts) without copying. */
  public MultiBitBootstrapKey(
      LweBootstrapKey ggsws, LweDimension inputLweDimension, int groupingFactor) {
    requireGgswCount(
        "MultiBitBootstrapKey",
        ggsws.inputLweDimension().value(),
        inputLweDimension,
        groupingFactor);
    this.ggsws = ggsws;
    this.inputLweDimension = inputLweDimension;
    this.groupingFactor = groupingFactor;
  }

  /**
   * The number of GGSW ciphertexts of a multi-bit key for n and g: n/g·2^g; refuses a g outside [2,
   * {@link MultiBitParameterSet#MAX_GROUPING_FACTOR}] or not dividing n.
   */
  public static int ggswCount(LweDimension inputLweDimension, int groupingFactor) {
    Objects.requireNonNull(inputLweDimension, "inputLweDimension");
    if (groupingFactor < 2 || groupingFactor > MultiBitParameterSet.MAX_GROUPING_FACTOR) {
      throw new IllegalArgumentException(
          "groupingFactor must be in [2, "
              + MultiBitParameterSet.MAX_GROUPING_FACTOR
              + "], found "
              + groupingFactor);
    }
    int n = inputLweDimension.value();
    if (n % groupingFactor != 0) {
      throw new IllegalArgumentException(
          "groupingFactor " + groupingFactor + " does not divide the input dimension n = " + n);
    }
    return (n / groupingFactor) << groupingFactor;
  }

  /** Refuses {@code found} GGSW ciphertexts unless a key for n and g has that many. */
  public static void requireGgswCount(
      String what, int found, LweDimension inputLweDimension, int groupingFactor) {
    int expected = ggswCount(inputLweDimension, groupingFactor);
    if (found != expected) {
      throw new IllegalArgumentException(
          what
              + " with n="
              + inputLweDimension.value()
              + ", g="
              + groupingFactor
              + " needs n/g·2^g = "
              + expected
              + " GGSW ciphertexts, found "
              + found);
    }
  }

  /** The GGSW list (group by group, pattern by pattern) as a classic key over indicator bits. */
  public LweBootstrapKey ggsws() {
    return ggsws;
  }

  /** n, the small LWE dimension of the ciphertexts this key bootstraps. */
  public LweDimension inputLweDimension() {
    return inputLweDimension;
  }

  public int groupingFactor() {
    return groupingFactor;
  }

  @Override
  public String toString() {
    return "MultiBitBootstrapKey{n="
        + inputLweDimension.value()
        + ", g="
        + groupingFactor
        + ", "
        + ggsws
        + "}";
  }
}
