/**
 * Tree-ensemble models (decision trees, random forests, gradient boosting, XGBoost) with the linear
 * family's life cycle: import, {@code compile(calibration, nBits)}, {@code predict(x, mode)}. The
 * lowering is {@link io.fhestreams.ml.trees.TreeLowering}'s.
 */
package io.fhestreams.ml.models.trees;
