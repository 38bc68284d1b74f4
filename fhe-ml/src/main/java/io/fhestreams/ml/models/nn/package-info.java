/**
 * Encrypted quantized neural networks from ONNX (MLPs and small CNNs), Concrete ML's {@code
 * compile_torch_model} counterpart.
 *
 * <p>{@link io.fhestreams.ml.models.nn.NeuralNet#fromImported} lowers a torch export, read by the
 * shared {@link io.fhestreams.ml.onnx.OnnxImporter}, into a {@link
 * io.fhestreams.ml.models.nn.NeuralNet} (dense layers, convolutions and pools lowered to clear
 * matrices and folded together, alternating with activations); {@link
 * io.fhestreams.ml.models.nn.QuantizedNet} quantizes it on calibration data into an integer
 * circuit, one lookup per activation; {@link io.fhestreams.ml.models.nn.FheNeuralNetClassifier}
 * compiles it and runs it through the same client / server artifacts as the linear models. A
 * quantization-aware export (QuantizeLinear / DequantizeLinear pairs) becomes a {@link
 * io.fhestreams.ml.models.nn.QdqNet} instead, its own scales and zero points kept. An accumulator
 * wider than the widest set is pruned to it or split into exactly rounded partial sums, whichever
 * scores better.
 *
 * <p>Accumulator width: a dense layer's accumulator is 9–12 bits wide, more than the 6-bit PBS set
 * reads. The accumulator is encoded with a smaller scale ({@link
 * io.fhestreams.engine.params.ParameterSets#widened}: same keys, Δ = 2^63 / 2^width), which only
 * has to be decryptable (its own noise below Δ/2); it is then rounded exactly to its top {@code
 * roundingBits} bits by extracting the low bits with bootstraps that each read a few bits at the
 * top of the torus ({@link io.fhestreams.ml.circuit.Operation.RoundBits}, 1 or 2 bootstraps per
 * value), and the activation's lookup reads the rounded value with runs of 2^dropped messages. The
 * compiler checks every one of these reads with the noise model, so the encrypted scores equal the
 * clear-quantized ones except with the probability it reports (&lt;= 2^-40 per evaluation by
 * default). Approximate rounding (one bootstrap reading the top bits, the low bits acting as noise:
 * a value may flip next to a run's edge) was the previous design and was removed: it made encrypted
 * differ from clear.
 */
package io.fhestreams.ml.models.nn;
