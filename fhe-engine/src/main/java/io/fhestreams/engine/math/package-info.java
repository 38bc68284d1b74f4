/**
 * Arithmetic: {@link io.fhestreams.engine.math.Torus} helpers, {@link
 * io.fhestreams.engine.math.SignedDecomposer} (signed gadget decomposition with rounding), exact
 * products mod X^N+1 ({@link io.fhestreams.engine.math.Polynomials} — the schoolbook reference —
 * and {@link io.fhestreams.engine.math.BinaryPolynomialProduct}) and the negacyclic FFT ({@link
 * io.fhestreams.engine.math.NegacyclicFft}) used by external products.
 */
package io.fhestreams.engine.math;
