package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.FourierMultiBitBootstrapKey;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.entities.LweKeyswitchKey;

/**
 * Key switch + multi-bit programmable bootstrap (tfhe-rs {@code
 * multi_bit_programmable_bootstrap_lwe_ciphertext} after the shortint KS): the input (big key,
 * dimension k·N) is key-switched to the small key, switched to 2N group by group ({@link
 * ModulusSwitch#switchMultiBitKeyTorus}), the table blind-rotated with the multi-bit key ({@link
 * MultiBitBlindRotation}) and coefficient 0 sample-extracted: an encryption of f(m) under the big
 * key with fresh, input-independent noise.
 */
public final class MultiBitBootstrap {
  private MultiBitBootstrap() {}

  /** PBS of {@code input} through {@code lut} as a new ciphertext, on the calling thread. */
  public static LweCiphertext bootstrapNew(
      FourierMultiBitBootstrapKey bsk, LweKeyswitchKey ksk, LweCiphertext input, LookupTable lut) {
    LweCiphertext out = LweCiphertext.zeros(input.dimension());
    bootstrapInPlace(bsk, ksk, input, lut, out, new MultiBitWorkspace(bsk));
    return out;
  }

  /** PBS of {@code input} through {@code lut} into {@code output}, on the calling thread. */
  public static void bootstrapInPlace(
      FourierMultiBitBootstrapKey bsk,
      LweKeyswitchKey ksk,
      LweCiphertext input,
      LookupTable lut,
      LweCiphertext output,
      MultiBitWorkspace ws) {
    int body = switchInput(bsk, ksk, input, output, ws);
    MultiBitBlindRotation.blindRotate(bsk, body, lut, ws);
    SampleExtraction.extractInto(ws.base.accumulator, ws.base.k, ws.base.n, 0, output.data());
  }

  /**
   * As {@link #bootstrapInPlace(FourierMultiBitBootstrapKey, LweKeyswitchKey, LweCiphertext,
   * LookupTable, LweCiphertext, MultiBitWorkspace)}, with the GGSW group sums built on {@code
   * helper}'s thread (for latency when a core is idle); the same result bit for bit.
   */
  public static void bootstrapInPlace(
      FourierMultiBitBootstrapKey bsk,
      LweKeyswitchKey ksk,
      LweCiphertext input,
      LookupTable lut,
      LweCiphertext output,
      MultiBitWorkspace ws,
      MultiBitBlindRotation.PreparationThread helper) {
    int body = switchInput(bsk, ksk, input, output, ws);
    MultiBitBlindRotation.blindRotate(bsk, body, lut, ws, helper);
    SampleExtraction.extractInto(ws.base.accumulator, ws.base.k, ws.base.n, 0, output.data());
  }

  /** Key switch, then the multi-bit modulus switch into {@code ws.degrees}; returns the body. */
  private static int switchInput(
      FourierMultiBitBootstrapKey bsk,
      LweKeyswitchKey ksk,
      LweCiphertext input,
      LweCiphertext output,
      MultiBitWorkspace ws) {
    ws.requireShape(bsk);
    Checks.requireEqual(
        "LweDimension",
        ksk.inputDimension(),
        "LweKeyswitchKey input",
        input.dimension(),
        "input LweCiphertext");
    Checks.requireEqual(
        "LweDimension",
        bsk.inputLweDimension(),
        "FourierMultiBitBootstrapKey input",
        ksk.outputDimension(),
        "LweKeyswitchKey output");
    Checks.requireEqual(
        "LweDimension",
        bsk.polynomialSize().toLweDimension(bsk.glweDimension()),
        "FourierMultiBitBootstrapKey output (k*N)",
        output.dimension(),
        "output LweCiphertext");
    LweKeyswitch.keyswitch(ksk, input.data(), 0, ws.base.switched);
    return ModulusSwitch.switchMultiBitKeyTorus(
        ws.base.switched,
        bsk.inputLweDimension().value(),
        bsk.groupingFactor(),
        bsk.polynomialSize().log2() + 1,
        ws.degrees);
  }
}
