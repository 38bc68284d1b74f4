/**
 * Chooses the parameter set a circuit runs under (smallest that holds its values and meets the
 * failure target) or refuses it naming the node, and reports what running it costs.
 */
package io.fhestreams.ml.compiler;
