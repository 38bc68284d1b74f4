package io.fhestreams.clients.consumer;

import io.fhestreams.ml.quantization.Prediction;
import java.time.Duration;
import java.util.Arrays;

/**
 * One prediction read from {@code fhe.predictions} and decrypted by its owner.
 *
 * @param requestId the id of the request it answers
 * @param modelName the model that was evaluated
 * @param modelVersion the version that answered (for a request to a stage, possibly newer than the
 *     one the request was encrypted for, with the same client artifact)
 * @param outputs the circuit's decrypted integer outputs (before de-quantization)
 * @param prediction the de-quantized, post-processed prediction
 * @param serverProcessing server time spent resolving and evaluating
 * @param endToEnd from the request's creation to the moment this client decrypted the answer
 * @param outputCiphertextBytes size of the encrypted output as it travelled
 */
public record DecryptedPrediction(
    String requestId,
    String modelName,
    String modelVersion,
    long[] outputs,
    Prediction prediction,
    Duration serverProcessing,
    Duration endToEnd,
    int outputCiphertextBytes) {

  /** Copies the outputs. */
  public DecryptedPrediction {
    outputs = outputs.clone();
  }

  @Override
  public long[] outputs() {
    return outputs.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DecryptedPrediction d
        && d.requestId.equals(requestId)
        && d.modelName.equals(modelName)
        && d.modelVersion.equals(modelVersion)
        && Arrays.equals(d.outputs, outputs)
        && d.prediction.equals(prediction)
        && d.serverProcessing.equals(serverProcessing)
        && d.endToEnd.equals(endToEnd)
        && d.outputCiphertextBytes == outputCiphertextBytes;
  }

  @Override
  public int hashCode() {
    return requestId.hashCode() * 31 + Arrays.hashCode(outputs);
  }

  @Override
  public String toString() {
    return "DecryptedPrediction["
        + requestId
        + ", "
        + modelName
        + "@"
        + modelVersion
        + ", "
        + prediction
        + ", server "
        + serverProcessing.toMillis()
        + " ms, end to end "
        + endToEnd.toMillis()
        + " ms]";
  }
}
