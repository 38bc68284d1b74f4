/**
 * Model front ends with a scikit-learn / Concrete ML style life cycle: {@code fromOnnx} or {@code
 * fromCoefficients}, {@code compile(calibration, nBits)}, {@code predict(x, ExecutionMode)}. The
 * linear family shares its behaviour in {@link io.fhestreams.ml.models.FheLinearModel}.
 */
package io.fhestreams.ml.models;
