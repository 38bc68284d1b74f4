package io.fhestreams.streams.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.ml.deploy.FheClient;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.ModelVersion;
import io.fhestreams.registry.api.Stage;
import io.fhestreams.streams.processor.FailureReason;
import io.fhestreams.streams.processor.InferenceException;
import io.fhestreams.streams.processor.ModelCoordinates;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests addressed to a stage, against a real registry in process with real compiled models, on a
 * test clock (the stage's versions are re-read every {@link #REFRESH}).
 */
class RegistryModelResolverStagesTest {

  private static final Duration REFRESH = Duration.ofSeconds(10);

  @TempDir Path dir;

  private static RegistryModelResolver resolver(RealStack stack, TestClock clock) {
    RegistryBackendSettings s = stack.settings();
    return new RegistryModelResolver(
        stack.client(RealStack.READER_TOKEN),
        s.cacheMaxBytes(),
        s.servedStages(),
        REFRESH,
        s.artifactLimits(),
        clock);
  }

  private static String answeringVersion(RegistryModelResolver r, ModelCoordinates c)
      throws InferenceException {
    return r.resolve(c).modelVersion();
  }

  @Test
  void aPromotionWithTheSameClientArtifact_reachesRequestsAfterTheRefresh() throws Exception {
    ModelArtifacts m = RealStack.breastCancer();
    TestClock clock = new TestClock();
    try (RealStack stack = RealStack.start(dir)) {
      String v1 = stack.publish(m);
      String keyId = stack.uploadKeys(FheClient.generateKeys(m.client()));
      String name = m.client().modelName();
      RegistryModelResolver resolver = resolver(stack, clock);
      ModelCoordinates sentForV1 = new ModelCoordinates(name, v1, keyId, "production");
      assertThat(answeringVersion(resolver, sentForV1)).isEqualTo(v1);
      assertThat(answeringVersion(resolver, new ModelCoordinates(name, v1, keyId, "PRODUCTION")))
          .isEqualTo(v1);

      // the same compiled model again: the same encryption, so v2 may answer v1's senders
      String v2 = stack.publish(m);
      assertThat(answeringVersion(resolver, sentForV1))
          .as("the directory read before the promotion stands until the refresh")
          .isEqualTo(v1);
      clock.advance(REFRESH);
      assertThat(answeringVersion(resolver, sentForV1)).isEqualTo(v2);
      // a request naming the version exactly still gets exactly it
      assertThat(answeringVersion(resolver, new ModelCoordinates(name, v1, keyId))).isEqualTo(v1);

      // archiving v2 rolls the stage back to v1 at the next refresh
      stack
          .client(RealStack.PUBLISHER_TOKEN)
          .setStage(ModelName.of(name), ModelVersion.parse(v2), Stage.ARCHIVED);
      clock.advance(REFRESH);
      assertThat(answeringVersion(resolver, sentForV1)).isEqualTo(v1);
    }
  }

  @Test
  void recordsEncryptedForTheOldVersion_finishOnIt_andTheNewVersionAnswersItsOwnAtOnce()
      throws Exception {
    ModelArtifacts old = RealStack.breastCancer(8);
    ModelArtifacts retrained = RealStack.breastCancer(6);
    TestClock clock = new TestClock();
    try (RealStack stack = RealStack.start(dir)) {
      String v1 = stack.publish(old);
      String keyId = stack.uploadKeys(FheClient.generateKeys(old.client()));
      String name = old.client().modelName();
      RegistryModelResolver resolver = resolver(stack, clock);
      ModelCoordinates inFlight = new ModelCoordinates(name, v1, keyId, "production");
      assertThat(answeringVersion(resolver, inFlight)).isEqualTo(v1);

      String v2 = stack.publish(retrained);
      clock.advance(REFRESH);
      assertThat(answeringVersion(resolver, inFlight))
          .as("v2 quantizes otherwise: a record encrypted for v1 finishes on v1")
          .isEqualTo(v1);
      // a sender that resolved the stage after the promotion: answered by v2 without waiting for
      // the refresh (its request is the event that re-reads the stage)
      String v3 = stack.publish(retrained);
      clock.advance(StageDirectory.MAX_EVENT_INTERVAL);
      assertThat(answeringVersion(resolver, new ModelCoordinates(name, v3, keyId, "production")))
          .isEqualTo(v3);
      assertThat(answeringVersion(resolver, new ModelCoordinates(name, v2, keyId, "production")))
          .as("v2 and v3 encrypt alike: the current version answers")
          .isEqualTo(v3);

      // once v1 is archived, what was encrypted for it is refused for good, saying why
      stack
          .client(RealStack.PUBLISHER_TOKEN)
          .setStage(ModelName.of(name), ModelVersion.parse(v1), Stage.ARCHIVED);
      clock.advance(REFRESH);
      InferenceException e = failure(resolver, inFlight);
      assertThat(e.reason()).isEqualTo(FailureReason.MODEL_STAGE_NOT_SERVED);
      assertThat(e.getMessage()).contains("version " + v1, "'archived'");
      assertThat(e.isRetryable()).isFalse();
    }
  }

  @Test
  void unknownOrEmptyStages_andAnUnreachableRegistry_failWithTheirReason() throws Exception {
    ModelArtifacts m = RealStack.breastCancer();
    TestClock clock = new TestClock();
    try (RealStack stack = RealStack.start(dir)) {
      String v1 = stack.publish(m, Stage.STAGING);
      String keyId = stack.uploadKeys(FheClient.generateKeys(m.client()));
      String name = m.client().modelName();
      RegistryModelResolver resolver = resolver(stack, clock);

      InferenceException unknown =
          failure(resolver, new ModelCoordinates(name, v1, keyId, "canary"));
      assertThat(unknown.reason()).isEqualTo(FailureReason.UNKNOWN_STAGE);
      assertThat(unknown.getMessage()).contains("'canary'", "production");
      assertThat(unknown.mayAppearLater()).isFalse();

      InferenceException empty =
          failure(resolver, new ModelCoordinates(name, v1, keyId, "production"));
      assertThat(empty.reason()).isEqualTo(FailureReason.UNKNOWN_STAGE);
      assertThat(empty.getMessage()).contains("no version in stage 'production'");
      assertThat(empty.mayAppearLater()).as("a version may be promoted in a moment").isTrue();

      InferenceException notServed =
          failure(resolver, new ModelCoordinates(name, v1, keyId, "staging"));
      assertThat(notServed.reason()).isEqualTo(FailureReason.MODEL_STAGE_NOT_SERVED);

      stack.stop();
      clock.advance(REFRESH);
      InferenceException down =
          failure(resolver, new ModelCoordinates("other", "1", keyId, "production"));
      assertThat(down.reason()).isEqualTo(FailureReason.REGISTRY_UNAVAILABLE);
      assertThat(down.isRetryable()).isTrue();
    }
  }

  private static InferenceException failure(RegistryModelResolver r, ModelCoordinates c) {
    Throwable t = Assertions.catchThrowable(() -> r.resolve(c));
    assertThat(t).as(c.toString()).isInstanceOf(InferenceException.class);
    return (InferenceException) t;
  }
}
