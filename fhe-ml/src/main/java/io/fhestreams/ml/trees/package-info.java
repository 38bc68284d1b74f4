/**
 * Tree ensembles: the model ({@link io.fhestreams.ml.trees.TreeEnsemble}), its importers (XGBoost
 * JSON, ONNX ai.onnx.ml TreeEnsemble*) and its lowering to the circuit IR ({@link
 * io.fhestreams.ml.trees.TreeLowering}).
 */
package io.fhestreams.ml.trees;
