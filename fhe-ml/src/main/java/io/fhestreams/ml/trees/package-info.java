/**
 * Tree ensembles: the model ({@link io.fhestreams.ml.trees.TreeEnsemble}), its XGBoost JSON
 * importer and its lowering to the circuit IR ({@link io.fhestreams.ml.trees.TreeLowering}). ONNX
 * {@code ai.onnx.ml} TreeEnsemble* graphs are read by the shared ONNX importer ({@link
 * io.fhestreams.ml.onnx.OnnxImporter}).
 */
package io.fhestreams.ml.trees;
