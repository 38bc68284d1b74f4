/**
 * Tree-ensemble models (decision trees, random forests, gradient boosting, XGBoost) with the life
 * cycle every model shares ({@link io.fhestreams.ml.models.FheModel}). The lowering is {@link
 * io.fhestreams.ml.trees.TreeLowering}'s.
 */
package io.fhestreams.ml.models.trees;
