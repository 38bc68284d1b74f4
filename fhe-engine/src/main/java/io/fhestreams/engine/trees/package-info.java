/**
 * Tree ensembles: the model ({@link io.fhestreams.engine.trees.TreeEnsemble}), its importers (XGBoost
 * JSON, ONNX ai.onnx.ml TreeEnsemble*) and its lowering to the circuit IR
 * ({@link io.fhestreams.engine.trees.TreeLowering}).
 */
package io.fhestreams.engine.trees;
