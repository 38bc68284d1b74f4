/**
 * ONNX import: an operator table ({@link io.fhestreams.engine.onnx.OnnxOps}) turns a graph into real-valued
 * layers that model families lower to circuits. Unsupported operators and attributes are refused by name.
 */
package io.fhestreams.engine.onnx;
