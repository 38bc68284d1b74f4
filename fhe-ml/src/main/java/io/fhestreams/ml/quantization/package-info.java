/**
 * Quantization as Concrete ML does it: uniform affine quantizers calibrated on data ({@link
 * io.fhestreams.ml.quantization.UniformQuantizer}), quantized Gemm with integer accumulators
 * ({@link io.fhestreams.ml.quantization.QuantizedLinear}), activations fused into lookup tables
 * ({@link io.fhestreams.ml.quantization.LookupTables}), and the client's clear post-processing
 * ({@link io.fhestreams.ml.quantization.PostProcessing}).
 */
package io.fhestreams.ml.quantization;
