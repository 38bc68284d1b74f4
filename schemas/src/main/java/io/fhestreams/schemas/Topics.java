package io.fhestreams.schemas;

/**
 * The topics of the wire contract: senders, the app and readers of predictions all name them here.
 */
public final class Topics {

  /**
   * Encrypted requests ({@code EncryptedInferenceRequest}), keyed by the sender's evaluation-key
   * id.
   */
  public static final String REQUESTS = "fhe.requests";

  /** Encrypted predictions ({@code EncryptedPrediction}), same key as the request. */
  public static final String PREDICTIONS = "fhe.predictions";

  /**
   * Requests that could not be answered ({@code DeadLetter}), with the reason and the original
   * bytes.
   */
  public static final String DEAD_LETTERS = "fhe.requests.dlq";

  private Topics() {}
}
