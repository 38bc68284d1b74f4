/**
 * ONNX import for every model family: one reader ({@link io.fhestreams.ml.onnx.OnnxImporter}) and
 * one operator table ({@link io.fhestreams.ml.onnx.OnnxOps}: linear, neural-net and tree-ensemble
 * operators) turn a graph into real-valued layers that the families lower to circuits. Unsupported
 * operators and attributes are refused naming the node and its operator.
 */
package io.fhestreams.ml.onnx;
