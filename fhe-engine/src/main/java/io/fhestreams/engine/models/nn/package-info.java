/**
 * Encrypted quantized neural networks from ONNX (MLPs and small CNNs), Concrete ML's
 * {@code compile_torch_model} counterpart.
 *
 * <p>{@link io.fhestreams.engine.models.nn.OnnxNetImporter} reads a torch export into a
 * {@link io.fhestreams.engine.models.nn.NeuralNet} (dense layers, convolutions and pools lowered to
 * clear matrices and folded together, alternating with activations);
 * {@link io.fhestreams.engine.models.nn.QuantizedNet} quantizes it on calibration data into an integer
 * circuit, one lookup per activation; {@link io.fhestreams.engine.models.nn.FheNeuralNetClassifier}
 * compiles it and runs it through the same client / server artifacts as the linear models.
 *
 * <p>Accumulator width: a dense layer's accumulator is 9–12 bits wide, more than the 6-bit PBS set
 * reads. Two ways exist. Exact rounding subtracts the low bits with extra bootstraps that must each
 * read those low bits exactly, i.e. an encoding as fine as the accumulator anyway plus one or more
 * bootstraps per value. Approximate rounding (chosen) encodes the accumulator with a smaller scale
 * ({@link io.fhestreams.engine.params.ParameterSets#widened}: same keys, Δ = 2^63 / 2^width), so
 * the one bootstrap the activation needs reads the accumulator's most significant bits; its table
 * is constant on runs of 2^(width − roundingBits) indices and the low bits act as extra noise. Cost:
 * no extra bootstrap; price: next to a run's edge a lookup may return the neighbouring run's value.
 * The compiler counts that as the probability of a value flip
 * ({@link io.fhestreams.engine.compiler.LookupErrorModel#VALUE_FLIP}), the simulated executor draws
 * the same index noise, and the accuracy under simulation is what the flips cost (measured: see
 * FheNeuralNetClassifierTest and benchmarks' NeuralNetCheck).
 */
package io.fhestreams.engine.models.nn;
