package io.fhestreams.streams.processor;

import io.fhestreams.streams.config.AppConfig;
import io.fhestreams.streams.topology.InferenceBackend;

/**
 * TEST DOUBLE backend, registered for tests only (src/test/resources/META-INF/services): the
 * in-memory resolver knowing {@link TestRequests}' model and keys {@code key-alice}, {@code
 * key-bob}, and the checksum evaluator. No cryptography.
 */
public final class TestBackendProvider implements InferenceBackend.Provider {

  /** Name to select it with {@code app.backend}. */
  public static final String NAME = "test-doubles";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public InferenceBackend<?> open(AppConfig config) {
    InMemoryTestResolver resolver = TestRequests.standardResolver();
    ChecksumTestEvaluator evaluator = new ChecksumTestEvaluator();
    return new InferenceBackend<TestModel>() {
      @Override
      public ModelResolver<TestModel> resolver() {
        return resolver;
      }

      @Override
      public CiphertextEvaluator<TestModel> evaluator() {
        return evaluator;
      }
    };
  }
}
