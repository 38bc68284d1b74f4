/**
 * Parameters: newtypes for every size, count and log ({@link
 * io.fhestreams.engine.params.LweDimension}, {@link io.fhestreams.engine.params.PolynomialSize},
 * {@link io.fhestreams.engine.params.DecompositionBaseLog}, …), {@link
 * io.fhestreams.engine.params.NoiseDistribution} (TUniform, Gaussian), and the immutable, published
 * {@link io.fhestreams.engine.params.ParameterSet}s in {@link
 * io.fhestreams.engine.params.ParameterSets} (look one up with {@code ParameterSets.byId(id)}).
 */
package io.fhestreams.engine.params;
