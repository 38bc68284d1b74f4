/**
 * ONNX import: an operator table ({@link io.fhestreams.ml.onnx.OnnxOps}) turns a graph into
 * real-valued layers that model families lower to circuits. Unsupported operators and attributes
 * are refused by name.
 */
package io.fhestreams.ml.onnx;
