package io.fhestreams.engine.params;

import java.util.Objects;

/**
 * A published multi-bit parameter set (tfhe-rs {@code MultiBitPBSParameters}): the fields of a
 * classic KS-PBS set plus the grouping factor g, the number of small-key bits one GGSW group
 * covers. The blind rotation then runs n/g external products instead of n, each with a GGSW summed
 * from the group's 2^g GGSW ciphertexts (see {@code algorithms.MultiBitBlindRotation}).
 *
 * <p>{@code parameters} carries the shape, noise, decompositions and published failure probability;
 * its modulus switch is {@link ModulusSwitchKind#STANDARD} for the body, and the mask is switched
 * group by group (sums of mask elements, rounded once per pattern).
 *
 * @param parameters the KS-PBS fields; its id is the multi-bit set's id
 * @param groupingFactor g in [2, {@link #MAX_GROUPING_FACTOR}], dividing n
 */
public record MultiBitParameterSet(ParameterSet parameters, int groupingFactor) {
  /** Largest grouping factor offered: tfhe-rs publishes 2, 3 and 4. */
  public static final int MAX_GROUPING_FACTOR = 4;

  public MultiBitParameterSet {
    Objects.requireNonNull(parameters, "parameters");
    if (!parameters.supportsBootstrap()) {
      throw new IllegalArgumentException(
          "a multi-bit set needs a PBS set, found the leveled " + parameters.id());
    }
    if (groupingFactor < 2 || groupingFactor > MAX_GROUPING_FACTOR) {
      throw new IllegalArgumentException(
          "groupingFactor must be in [2, " + MAX_GROUPING_FACTOR + "], found " + groupingFactor);
    }
    if (parameters.lweDimension().value() % groupingFactor != 0) {
      throw new IllegalArgumentException(
          "groupingFactor "
              + groupingFactor
              + " does not divide the small LWE dimension n = "
              + parameters.lweDimension().value());
    }
  }

  /** The set's id (that of {@link #parameters()}). */
  public String id() {
    return parameters.id();
  }

  /** n/g: the number of GGSW groups, i.e. external products per blind rotation. */
  public int groupCount() {
    return parameters.lweDimension().value() / groupingFactor;
  }

  /** 2^g: GGSW ciphertexts per group, one per pattern of the group's key bits. */
  public int ggswPerGroup() {
    return 1 << groupingFactor;
  }

  @Override
  public String toString() {
    return "MultiBit{g=" + groupingFactor + ", " + parameters + "}";
  }
}
