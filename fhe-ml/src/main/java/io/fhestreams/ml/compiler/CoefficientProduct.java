package io.fhestreams.ml.compiler;

import io.fhestreams.engine.algorithms.GlweMatrixVectorProduct;
import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.compression.GlwePackingCompression;
import io.fhestreams.engine.compression.SeededCompression;
import io.fhestreams.engine.compression.SeededGlweCiphertext;
import io.fhestreams.engine.entities.GlweCiphertext;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.serialization.CiphertextFormats;

/**
 * A coefficient-encoded model's server side, prepared once per model: the matrix as the clear
 * polynomial W ({@link GlweMatrixVectorProduct}) and the offsets as plaintexts of the m output
 * slots. What the server runs per record and what the compile report times are this one path.
 */
public final class CoefficientProduct {
  private final CoefficientEncoding encoding;
  private final long[] matrixPolynomial;
  private final long[] offsetPlaintexts;

  CoefficientProduct(
      CoefficientEncoding encoding, long[] matrixPolynomial, long[] offsetPlaintexts) {
    this.encoding = encoding;
    this.matrixPolynomial = matrixPolynomial;
    this.offsetPlaintexts = offsetPlaintexts;
  }

  /** The product of {@code linear} under {@code encoding}, offsets encoded for set {@code p}. */
  public static CoefficientProduct of(
      CoefficientEncoding.Linear linear, CoefficientEncoding encoding, ParameterSet p) {
    long[] offsets = linear.offsets().clone();
    for (int j = 0; j < offsets.length; j++) {
      // as Evaluator.addClear: the offset times Δ, wrapping like the rest of the phase
      offsets[j] *= p.delta();
    }
    return new CoefficientProduct(
        encoding,
        GlweMatrixVectorProduct.matrixPolynomialNew(
            linear.product().matrix(),
            linear.outputs(),
            linear.inputs(),
            encoding.polynomialSize()),
        offsets);
  }

  /** The layout the product expects its input in. */
  public CoefficientEncoding encoding() {
    return encoding;
  }

  /**
   * One record: the input's mask regenerated, times W, the offsets added to the m output slots,
   * switched to 2^{@code outputModulusLog}: the blob of its mask and the m slots.
   */
  public byte[] answer(
      SeededGlweCiphertext input, ParameterSet p, CiphertextModulusLog outputModulusLog) {
    int outputs = offsetPlaintexts.length;
    GlweCiphertext product =
        GlweMatrixVectorProduct.multiplyNew(
            SeededCompression.decompressNew(input), matrixPolynomial, outputs);
    GlweMatrixVectorProduct.addToBodyInPlace(product, offsetPlaintexts);
    return CiphertextFormats.toBytes(
        GlwePackingCompression.compressNew(
            new GlweCiphertext[] {product}, outputs, outputModulusLog),
        p);
  }
}
