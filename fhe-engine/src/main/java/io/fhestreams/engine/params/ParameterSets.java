package io.fhestreams.engine.params;

import io.fhestreams.engine.params.NoiseDistribution.TUniform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The published parameter sets this engine supports, all of about 128-bit security (132 bits per
 * the tfhe-rs security check, lattice-estimator MATZOV). Facts from zama-ai/tfhe-rs (HEAD
 * 11a245d8), paths under {@code tfhe/src/shortint/parameters/}. Two families of PBS sets for 2, 4
 * and 6 bits: the V1_1 sets, p_fail ≤ 2^-64 with the standard modulus switch, and the V1_4 sets
 * (tfhe-rs' defaults since v1.4, re-exported unchanged by v1.5–v1.7), p_fail ≤ 2^-128 with the
 * centered-mean modulus switch. All are classic KS-PBS with {@code EncryptionKeyChoice::Big}, the
 * native modulus 2^64 and message_modulus = carry_modulus = 2^(messageBits/2).
 *
 * <p>The 4_4 (8-bit) set, N = 32768, is not offered: its Fourier bootstrap key alone would take
 * 1117 * 3 * 4 * 32768 * 8 bytes = 3.5 GB.
 */
public final class ParameterSets {
  private ParameterSets() {}

  private static final String V1_1 =
      "zama-ai/tfhe-rs tfhe/src/shortint/parameters/v1_1/classic/tuniform/p_fail_2_minus_64/ks_pbs.rs ";
  private static final String V1_4 =
      "zama-ai/tfhe-rs tfhe/src/shortint/parameters/v1_4/classic/tuniform/p_fail_2_minus_128/ks_pbs.rs ";

  /**
   * 2-bit lookups: V1_1_PARAM_MESSAGE_1_CARRY_1_KS_PBS_TUNIFORM_2M64 (n=839, k=4, N=512), p_fail
   * 2^-72.226.
   */
  public static final ParameterSet MESSAGE_1_CARRY_1_TUNIFORM_2M64 =
      pbs(
          "V1_1_PARAM_MESSAGE_1_CARRY_1_KS_PBS_TUNIFORM_2M64",
          2,
          839,
          4,
          512,
          47,
          17,
          23,
          1,
          4,
          3,
          ModulusSwitchKind.STANDARD,
          -72.226,
          V1_1);

  /**
   * 4-bit lookups, "the 4-bit set": V1_1_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M64 (n=879, k=1,
   * N=2048), p_fail 2^-72.178.
   */
  public static final ParameterSet MESSAGE_2_CARRY_2_TUNIFORM_2M64 =
      pbs(
          "V1_1_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M64",
          4,
          879,
          1,
          2048,
          46,
          17,
          23,
          1,
          3,
          5,
          ModulusSwitchKind.STANDARD,
          -72.178,
          V1_1);

  /**
   * 6-bit lookups: V1_1_PARAM_MESSAGE_3_CARRY_3_KS_PBS_TUNIFORM_2M64 (n=998, k=1, N=8192), p_fail
   * 2^-64.454.
   */
  public static final ParameterSet MESSAGE_3_CARRY_3_TUNIFORM_2M64 =
      pbs(
          "V1_1_PARAM_MESSAGE_3_CARRY_3_KS_PBS_TUNIFORM_2M64",
          6,
          998,
          1,
          8192,
          43,
          3,
          15,
          2,
          3,
          6,
          ModulusSwitchKind.STANDARD,
          -64.454,
          V1_1);

  /**
   * 2-bit lookups: V1_4_PARAM_MESSAGE_1_CARRY_1_KS_PBS_TUNIFORM_2M128 (n=879, k=4, N=512), p_fail
   * 2^-144.322.
   */
  public static final ParameterSet MESSAGE_1_CARRY_1_TUNIFORM_2M128 =
      pbs(
          "V1_4_PARAM_MESSAGE_1_CARRY_1_KS_PBS_TUNIFORM_2M128",
          2,
          879,
          4,
          512,
          46,
          17,
          23,
          1,
          5,
          3,
          ModulusSwitchKind.CENTERED_MEAN,
          -144.322,
          V1_4);

  /**
   * 4-bit lookups: V1_4_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128 (n=918, k=1, N=2048), p_fail
   * 2^-129.581.
   */
  public static final ParameterSet MESSAGE_2_CARRY_2_TUNIFORM_2M128 =
      pbs(
          "V1_4_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128",
          4,
          918,
          1,
          2048,
          45,
          17,
          23,
          1,
          4,
          4,
          ModulusSwitchKind.CENTERED_MEAN,
          -129.581,
          V1_4);

  /**
   * 6-bit lookups: V1_4_PARAM_MESSAGE_3_CARRY_3_KS_PBS_TUNIFORM_2M128 (n=1077, k=1, N=8192), p_fail
   * 2^-128.992.
   */
  public static final ParameterSet MESSAGE_3_CARRY_3_TUNIFORM_2M128 =
      pbs(
          "V1_4_PARAM_MESSAGE_3_CARRY_3_KS_PBS_TUNIFORM_2M128",
          6,
          1077,
          1,
          8192,
          41,
          3,
          15,
          2,
          4,
          5,
          ModulusSwitchKind.CENTERED_MEAN,
          -128.992,
          V1_4);

  /**
   * Leveled 24-bit integers for exact dot products (no bootstrap). Encryptions use the big key of
   * the 4-bit set (k=1, N=2048, dimension 2048) with its GLWE noise TUniform(17): exactly what a
   * fresh {@code EncryptionKeyChoice::Big} encryption of
   * V1_1_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M64 is, so the security claim is that set's; the
   * TUniform bound 17 for k*N = 2048 is also the tfhe-rs 132-bit secure-noise bound ({@code
   * core_crypto/commons/noise_formulas/secure_noise.rs}). Messages are signed integers modulo 2^24,
   * Δ = 2^40. Fresh noise is bounded by 2^17, so a dot product with clear weights w decodes exactly
   * whenever ||w||_1 * 2^17 + (rounding) < 2^39, i.e. ||w||_1 < 2^22, with certainty; the other
   * fields are those of the source set.
   */
  public static final ParameterSet LEVELED_INT24_K1_N2048_TUNIFORM17 =
      new ParameterSet(
          "LEVELED_INT24_K1_N2048_TUNIFORM17",
          ParameterSet.Kind.LEVELED,
          24,
          new LweDimension(879),
          new GlweDimension(1),
          new PolynomialSize(2048),
          new TUniform(46),
          new TUniform(17),
          new DecompositionBaseLog(23),
          new DecompositionLevelCount(1),
          new DecompositionBaseLog(3),
          new DecompositionLevelCount(5),
          ModulusSwitchKind.STANDARD,
          Double.NEGATIVE_INFINITY,
          V1_1 + "V1_1_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M64 (big key and GLWE noise only)");

  /**
   * Citation of the multi-bit sets; their ids are the tfhe-rs names without the "V1_4_PARAM_"
   * prefix, which would make them longer than the 64 characters a blob header holds.
   */
  private static final String MULTI_BIT =
      "zama-ai/tfhe-rs tfhe/src/shortint/parameters/v1_1/multi_bit/tuniform/p_fail_2_minus_128/ks_pbs.rs"
          + " (re-exported unchanged as V1_4_* by v1_4/multi_bit/tuniform/p_fail_2_minus_128/ks_pbs.rs) ";

  /**
   * 2-bit lookups, g = 2: V1_4_PARAM_MULTI_BIT_GROUP_2_MESSAGE_1_CARRY_1_KS_PBS_TUNIFORM_2M128
   * (n=800, k=2, N=1024), p_fail 2^-136.056.
   */
  public static final MultiBitParameterSet MULTI_BIT_GROUP_2_MESSAGE_1_CARRY_1_TUNIFORM_2M128 =
      multiBit(
          "MULTI_BIT_GROUP_2_MESSAGE_1_CARRY_1_KS_PBS_TUNIFORM_2M128",
          2,
          2,
          800,
          2,
          1024,
          48,
          17,
          22,
          1,
          4,
          3,
          -136.056);

  /**
   * 2-bit lookups, g = 3: V1_4_PARAM_MULTI_BIT_GROUP_3_MESSAGE_1_CARRY_1_KS_PBS_TUNIFORM_2M128
   * (n=801, k=2, N=1024), p_fail 2^-144.818.
   */
  public static final MultiBitParameterSet MULTI_BIT_GROUP_3_MESSAGE_1_CARRY_1_TUNIFORM_2M128 =
      multiBit(
          "MULTI_BIT_GROUP_3_MESSAGE_1_CARRY_1_KS_PBS_TUNIFORM_2M128",
          3,
          2,
          801,
          2,
          1024,
          48,
          17,
          22,
          1,
          4,
          3,
          -144.818);

  /**
   * 4-bit lookups, g = 3: V1_4_PARAM_MULTI_BIT_GROUP_3_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128
   * (n=918, k=1, N=2048, PBS decomposition 15 × 2), p_fail 2^-128.235.
   */
  public static final MultiBitParameterSet MULTI_BIT_GROUP_3_MESSAGE_2_CARRY_2_TUNIFORM_2M128 =
      multiBit(
          "MULTI_BIT_GROUP_3_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128",
          3,
          4,
          918,
          1,
          2048,
          45,
          17,
          15,
          2,
          3,
          6,
          -128.235);

  /**
   * 4-bit lookups, g = 4: V1_4_PARAM_MULTI_BIT_GROUP_4_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128
   * (n=920, k=1, N=2048, PBS decomposition 22 × 1), p_fail 2^-134.345.
   */
  public static final MultiBitParameterSet MULTI_BIT_GROUP_4_MESSAGE_2_CARRY_2_TUNIFORM_2M128 =
      multiBit(
          "MULTI_BIT_GROUP_4_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128",
          4,
          4,
          920,
          1,
          2048,
          45,
          17,
          22,
          1,
          3,
          5,
          -134.345);

  private static final List<MultiBitParameterSet> MULTI_BIT_SETS =
      List.of(
          MULTI_BIT_GROUP_2_MESSAGE_1_CARRY_1_TUNIFORM_2M128,
          MULTI_BIT_GROUP_3_MESSAGE_1_CARRY_1_TUNIFORM_2M128,
          MULTI_BIT_GROUP_3_MESSAGE_2_CARRY_2_TUNIFORM_2M128,
          MULTI_BIT_GROUP_4_MESSAGE_2_CARRY_2_TUNIFORM_2M128);

  private static final List<ParameterSet> TUNIFORM_2M64 =
      List.of(
          MESSAGE_1_CARRY_1_TUNIFORM_2M64,
          MESSAGE_2_CARRY_2_TUNIFORM_2M64,
          MESSAGE_3_CARRY_3_TUNIFORM_2M64);

  private static final List<ParameterSet> TUNIFORM_2M128 =
      List.of(
          MESSAGE_1_CARRY_1_TUNIFORM_2M128,
          MESSAGE_2_CARRY_2_TUNIFORM_2M128,
          MESSAGE_3_CARRY_3_TUNIFORM_2M128);

  private static final Map<String, ParameterSet> BY_ID =
      index(
          Stream.of(TUNIFORM_2M64, TUNIFORM_2M128, List.of(LEVELED_INT24_K1_N2048_TUNIFORM17))
              .flatMap(List::stream)
              .toList());

  /**
   * All sets: the 2^-64 PBS sets and the 2^-128 PBS sets, each by increasing precision, then the
   * leveled set.
   */
  public static List<ParameterSet> all() {
    return List.copyOf(BY_ID.values());
  }

  /** The V1_1 p_fail ≤ 2^-64 PBS sets (standard modulus switch), by increasing precision. */
  public static List<ParameterSet> tuniform2M64() {
    return TUNIFORM_2M64;
  }

  /** The V1_4 p_fail ≤ 2^-128 PBS sets (centered-mean modulus switch), by increasing precision. */
  public static List<ParameterSet> tuniform2M128() {
    return TUNIFORM_2M128;
  }

  /**
   * The multi-bit sets (p_fail ≤ 2^-128, standard modulus switch), 2-bit then 4-bit, by grouping
   * factor. V1_4_PARAM_MULTI_BIT_GROUP_2_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128 (n=918, k=1,
   * N=4096, B=2^21) is not offered: its PBS output noise, dominated by the FFT at N=4096, was
   * measured at up to 2× tfhe-rs' model here, which would put its p_fail near 2^-99, not the
   * published 2^-140 (benchmarks/RESULTS.md); it was also the slowest of the multi-bit sets. They
   * are not in {@link #all()}: their bootstrap key is a multi-bit key, so only the multi-bit
   * algorithms use them.
   */
  public static List<MultiBitParameterSet> multiBit() {
    return MULTI_BIT_SETS;
  }

  /** The multi-bit set with this id; an unknown id is refused with the list of known ones. */
  public static MultiBitParameterSet multiBitById(String id) {
    for (MultiBitParameterSet set : MULTI_BIT_SETS) {
      if (set.id().equals(id)) {
        return set;
      }
    }
    throw new IllegalArgumentException(
        "unknown multi-bit parameter set id '"
            + id
            + "'; known: "
            + MULTI_BIT_SETS.stream().map(MultiBitParameterSet::id).toList());
  }

  /** Separates a base set's id from the message width of a {@link #widened} set. */
  public static final String WIDENED_SEPARATOR = "/W";

  /**
   * The PBS set {@code base} with a wider message space of {@code messageBits} bits: the same keys,
   * noise and decompositions (so the same security), but Δ = 2^63 / 2^messageBits. A bootstrap then
   * reads a wide accumulator with a fine table whose boxes hold fewer torus slots, so each index
   * has less noise margin: the compiler's noise model gives the resulting failure probability (the
   * published one does not apply, hence {@code log2PFailPerPbs} 0). Neural nets use this for their
   * wide accumulators, which only need to be decryptable: they are rounded exactly by bit
   * extraction and every lookup lifts its operand to the operand's own width before bootstrapping
   * ({@code circuit.exec.ExactRounding}, {@code EncryptedExecutor}), so each read has the margin of
   * a narrow message, not of Δ.
   */
  public static ParameterSet widened(ParameterSet base, int messageBits) {
    if (!base.supportsBootstrap() || base.id().contains(WIDENED_SEPARATOR)) {
      throw new IllegalArgumentException(
          "only a published PBS set can be widened, found " + base.id());
    }
    if (messageBits < base.messageBits()) {
      throw new IllegalArgumentException(
          "widening "
              + base.id()
              + " to "
              + messageBits
              + " bits: it already holds "
              + base.messageBits());
    }
    if (messageBits == base.messageBits()) {
      return base;
    }
    return new ParameterSet(
        base.id() + WIDENED_SEPARATOR + messageBits,
        base.kind(),
        messageBits,
        base.lweDimension(),
        base.glweDimension(),
        base.polynomialSize(),
        base.lweNoise(),
        base.glweNoise(),
        base.pbsBaseLog(),
        base.pbsLevel(),
        base.ksBaseLog(),
        base.ksLevel(),
        base.modulusSwitch(),
        0.0,
        base.source() + " with a " + messageBits + "-bit message space");
  }

  /**
   * The set with this id (a published one, or a {@link #widened} one); an unknown id is refused
   * with the list of known ones.
   */
  public static ParameterSet byId(String id) {
    int cut = id.lastIndexOf(WIDENED_SEPARATOR);
    if (cut > 0) {
      try {
        return widened(
            byId(id.substring(0, cut)),
            Integer.parseInt(id.substring(cut + WIDENED_SEPARATOR.length())));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "parameter set id '" + id + "': bad message width after " + WIDENED_SEPARATOR, e);
      }
    }
    ParameterSet set = BY_ID.get(id);
    if (set == null) {
      throw new IllegalArgumentException(
          "unknown parameter set id '" + id + "'; known: " + BY_ID.keySet());
    }
    return set;
  }

  private static Map<String, ParameterSet> index(List<ParameterSet> sets) {
    Map<String, ParameterSet> map = new LinkedHashMap<>();
    for (ParameterSet s : sets) {
      if (map.put(s.id(), s) != null) {
        throw new IllegalStateException("duplicate parameter set id " + s.id());
      }
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  @SuppressWarnings("checkstyle:ParameterNumber")
  private static MultiBitParameterSet multiBit(
      String id,
      int groupingFactor,
      int messageBits,
      int n,
      int k,
      int bigN,
      int lweTu,
      int glweTu,
      int pbsBaseLog,
      int pbsLevel,
      int ksBaseLog,
      int ksLevel,
      double log2PFail) {
    return new MultiBitParameterSet(
        pbs(
            id,
            messageBits,
            n,
            k,
            bigN,
            lweTu,
            glweTu,
            pbsBaseLog,
            pbsLevel,
            ksBaseLog,
            ksLevel,
            ModulusSwitchKind.STANDARD,
            log2PFail,
            MULTI_BIT + "V1_4_PARAM_"),
        groupingFactor);
  }

  @SuppressWarnings("checkstyle:ParameterNumber")
  private static ParameterSet pbs(
      String id,
      int messageBits,
      int n,
      int k,
      int bigN,
      int lweTu,
      int glweTu,
      int pbsBaseLog,
      int pbsLevel,
      int ksBaseLog,
      int ksLevel,
      ModulusSwitchKind ms,
      double log2PFail,
      String file) {
    return new ParameterSet(
        id,
        ParameterSet.Kind.PROGRAMMABLE_BOOTSTRAP,
        messageBits,
        new LweDimension(n),
        new GlweDimension(k),
        new PolynomialSize(bigN),
        new TUniform(lweTu),
        new TUniform(glweTu),
        new DecompositionBaseLog(pbsBaseLog),
        new DecompositionLevelCount(pbsLevel),
        new DecompositionBaseLog(ksBaseLog),
        new DecompositionLevelCount(ksLevel),
        ms,
        log2PFail,
        file + id);
  }
}
