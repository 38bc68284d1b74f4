package io.fhestreams.benchmarks.engine;

import io.fhestreams.engine.algorithms.BootstrapWorkspace;
import io.fhestreams.engine.algorithms.LookupTables;
import io.fhestreams.engine.algorithms.MultiBitBlindRotation;
import io.fhestreams.engine.algorithms.MultiBitBootstrap;
import io.fhestreams.engine.algorithms.MultiBitWorkspace;
import io.fhestreams.engine.algorithms.ProgrammableBootstrap;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.entities.LweKeyswitchKey;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.keys.MultiBitEvaluationKeys;
import io.fhestreams.engine.params.MultiBitParameterSet;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;

/**
 * One KS-PBS to measure, named by a parameter-set id: a classic set ({@link ParameterSets#byId}), a
 * multi-bit set ({@link ParameterSets#multiBitById}) on one thread, or a multi-bit id followed by
 * {@value #HELPER_SUFFIX} for the two-thread option (group sums on a second thread). Holds its
 * keys, input, table and workspace; {@link #close()} stops the helper thread.
 */
final class PbsSubject implements AutoCloseable {
  /** Suffix of a multi-bit id that selects the group-sum thread. */
  static final String HELPER_SUFFIX = "+helper";

  final String name;
  final ParameterSet params;

  /** Bytes of the bootstrap key: standard domain, Fourier domain, seeded. */
  final long standardKeyBytes;

  final long fourierKeyBytes;
  final long seededKeyBytes;

  /** The key-switching key (big → small) and the input ciphertext. */
  final LweKeyswitchKey keyswitchKey;

  final LweCiphertext input;
  private final Runnable bootstrap;
  private final MultiBitBlindRotation.PreparationThread helper;

  PbsSubject(String name) {
    this.name = name;
    boolean withHelper = name.endsWith(HELPER_SUFFIX);
    String id = withHelper ? name.substring(0, name.length() - HELPER_SUFFIX.length()) : name;
    MultiBitParameterSet multiBit =
        ParameterSets.multiBit().stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    params = multiBit != null ? multiBit.parameters() : ParameterSets.byId(id);
    if (withHelper && multiBit == null) {
      throw new IllegalArgumentException(HELPER_SUFFIX + " applies to multi-bit sets only: " + id);
    }
    ClientKey client = ClientKey.generate(params);
    input = client.encrypt(1);
    LweCiphertext output = LweCiphertext.zeros(input.dimension());
    LookupTable lut = LookupTables.forFunction(params, x -> (x * x + 1) % params.messageModulus());
    long ggswCount;
    if (multiBit == null) {
      EvaluationKeys keys = client.generateEvaluationKeys();
      keyswitchKey = keys.keyswitchKey();
      BootstrapWorkspace ws = BootstrapWorkspace.forKey(keys.bootstrapKey());
      bootstrap =
          () ->
              ProgrammableBootstrap.bootstrapInPlace(
                  keys.bootstrapKey(),
                  keys.keyswitchKey(),
                  params.modulusSwitch(),
                  input,
                  lut,
                  output,
                  ws);
      helper = null;
      ggswCount = params.lweDimension().value();
    } else {
      MultiBitEvaluationKeys keys = client.generateMultiBitEvaluationKeys(multiBit);
      MultiBitWorkspace ws = new MultiBitWorkspace(keys.bootstrapKey());
      keyswitchKey = keys.keyswitchKey();
      helper = withHelper ? new MultiBitBlindRotation.PreparationThread() : null;
      bootstrap =
          withHelper
              ? () ->
                  MultiBitBootstrap.bootstrapInPlace(
                      keys.bootstrapKey(), keyswitchKey, input, lut, output, ws, helper)
              : () ->
                  MultiBitBootstrap.bootstrapInPlace(
                      keys.bootstrapKey(), keyswitchKey, input, lut, output, ws);
      ggswCount = (long) multiBit.groupCount() * multiBit.ggswPerGroup();
    }
    long glweSize = params.glweDimension().toGlweSize();
    long rows = ggswCount * params.pbsLevel().value() * glweSize;
    long bigN = params.polynomialSize().value();
    seededKeyBytes = 8 * rows * bigN + 16;
    standardKeyBytes = 8 * rows * glweSize * bigN;
    fourierKeyBytes = standardKeyBytes;
  }

  void run() {
    bootstrap.run();
  }

  @Override
  public void close() {
    if (helper != null) {
      helper.close();
    }
  }
}
