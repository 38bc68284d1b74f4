/**
 * Quantization as Concrete ML does it: uniform affine quantizers calibrated on data
 * ({@link io.fhestreams.engine.quantization.UniformQuantizer}), quantized Gemm with integer accumulators
 * ({@link io.fhestreams.engine.quantization.QuantizedLinear}), activations fused into lookup tables
 * ({@link io.fhestreams.engine.quantization.LookupTables}), and the client's clear post-processing
 * ({@link io.fhestreams.engine.quantization.PostProcessing}).
 */
package io.fhestreams.engine.quantization;
