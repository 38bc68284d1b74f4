package io.fhestreams.streams.processor;

/**
 * TEST DOUBLE: the "model and keys" the test resolver hands to the test evaluator. No cryptography.
 *
 * @param coordinates what was resolved
 * @param parameterSet parameter set of model and key
 * @param ciphertextSize bytes per input ciphertext the model expects
 */
public record TestModel(
    ModelCoordinates coordinates, ParameterSetId parameterSet, int ciphertextSize) {}
