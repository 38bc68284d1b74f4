package io.fhestreams.streams.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.serialization.BlobKind;
import io.fhestreams.engine.serialization.BlobWriter;
import io.fhestreams.ml.deploy.FheClient;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.registry.api.KeyId;
import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.ModelVersion;
import io.fhestreams.registry.api.ParameterSetId;
import io.fhestreams.registry.api.Stage;
import io.fhestreams.registry.client.RegistryClient;
import io.fhestreams.streams.processor.CacheLookup;
import io.fhestreams.streams.processor.FailureReason;
import io.fhestreams.streams.processor.InferenceException;
import io.fhestreams.streams.processor.ModelCoordinates;
import io.fhestreams.streams.processor.ModelResolver;
import io.fhestreams.streams.processor.ResolvedModel;
import io.fhestreams.streams.topology.InferenceBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resolver against a real registry in process, with a real compiled model and real client keys.
 */
class RegistryModelResolverTest {

  @TempDir Path dir;

  @Test
  void shouldResolveFromTheRegistryThenFromTheCache() throws Exception {
    ModelArtifacts m = RealStack.breastCancer();
    try (RealStack stack = RealStack.start(dir);
        InferenceBackend<ModelAndKeys> backend = RegistryBackendProvider.open(stack.settings())) {
      String version = stack.publish(m);
      FheClient alice = FheClient.generateKeys(m.client());
      String keyId = stack.uploadKeys(alice);
      ModelResolver<ModelAndKeys> resolver = backend.resolver();
      ModelCoordinates c = new ModelCoordinates(m.client().modelName(), version, keyId);
      ResolvedModel<ModelAndKeys> first = resolver.resolve(c);
      assertThat(first.cacheLookup()).isEqualTo(CacheLookup.MISS);
      assertThat(first.parameterSet().value()).isEqualTo(m.server().parameters().id());
      assertThat(first.modelAndKeys().server().artifact().circuit())
          .isEqualTo(m.server().circuit());
      ResolvedModel<ModelAndKeys> second = resolver.resolve(c);
      assertThat(second.cacheLookup()).isEqualTo(CacheLookup.HIT);
      assertThat(second.modelAndKeys().keys()).isSameAs(first.modelAndKeys().keys());
      // the cache keeps working with the registry gone
      stack.stop();
      assertThat(resolver.resolve(c).cacheLookup()).isEqualTo(CacheLookup.HIT);
    }
  }

  @Test
  void unknownModelKeyAndMismatchedSets_failWithTheirReason() throws Exception {
    ModelArtifacts linear = RealStack.breastCancer();
    ModelArtifacts lookup = RealStack.lookup("lut");
    try (RealStack stack = RealStack.start(dir);
        InferenceBackend<ModelAndKeys> backend = RegistryBackendProvider.open(stack.settings())) {
      String version = stack.publish(linear);
      String lookupVersion = stack.publish(lookup);
      String keyId = stack.uploadKeys(FheClient.generateKeys(linear.client()));
      ModelResolver<ModelAndKeys> resolver = backend.resolver();
      String name = linear.client().modelName();
      assertReason(
          resolver,
          new ModelCoordinates("no-such-model", "1", keyId),
          FailureReason.UNKNOWN_MODEL,
          "no-such-model");
      assertReason(
          resolver, new ModelCoordinates(name, "99", keyId), FailureReason.UNKNOWN_MODEL, "99");
      assertReason(
          resolver, new ModelCoordinates(name, "v1", keyId), FailureReason.UNKNOWN_MODEL, "v1");
      assertReason(
          resolver,
          new ModelCoordinates(name, version, "ab".repeat(32)),
          FailureReason.UNKNOWN_KEY,
          "ab".repeat(32));
      assertReason(
          resolver,
          new ModelCoordinates(name, version, "not-hex"),
          FailureReason.UNKNOWN_KEY,
          "not-hex");
      // a leveled client's keys with the bootstrapping model
      assertReason(
          resolver,
          new ModelCoordinates("lut", lookupVersion, keyId),
          FailureReason.PARAMETER_SET_MISMATCH,
          lookup.server().parameters().id());
    }
  }

  @Test
  void versionsOutsideTheServedStages_areDeadLetteredUntilPromoted() throws Exception {
    ModelArtifacts m = RealStack.breastCancer();
    try (RealStack stack = RealStack.start(dir);
        InferenceBackend<ModelAndKeys> backend =
            RegistryBackendProvider.open(
                withStageRefresh(stack.settings(), java.time.Duration.ZERO))) {
      String staged = stack.publish(m, Stage.STAGING);
      String keyId = stack.uploadKeys(FheClient.generateKeys(m.client()));
      String name = m.client().modelName();
      ModelCoordinates c = new ModelCoordinates(name, staged, keyId);
      InferenceException e =
          assertReason(
              backend.resolver(), c, FailureReason.MODEL_STAGE_NOT_SERVED, "stage 'staging'");
      assertThat(e.isRetryable()).isFalse();
      assertThat(e.getMessage()).contains("[production]").contains("registry.served.stages");

      RegistryClient publisher = stack.client(RealStack.PUBLISHER_TOKEN);
      ModelVersion version = ModelVersion.parse(staged);
      publisher.setStage(ModelName.of(name), version, Stage.PRODUCTION);
      assertThat(backend.resolver().resolve(c).parameterSet().value())
          .isEqualTo(m.server().parameters().id());
      // Archiving stops the service of a version already decoded and cached.
      publisher.setStage(ModelName.of(name), version, Stage.ARCHIVED);
      assertReason(backend.resolver(), c, FailureReason.MODEL_STAGE_NOT_SERVED, "'archived'");
    }
  }

  @Test
  void configuredStages_areServed() throws Exception {
    ModelArtifacts m = RealStack.breastCancer();
    try (RealStack stack = RealStack.start(dir)) {
      RegistryBackendSettings base = stack.settings();
      RegistryBackendSettings stagingToo =
          new RegistryBackendSettings(
              base.url(),
              base.token(),
              base.cacheMaxBytes(),
              base.requestTimeout(),
              base.maxAttempts(),
              java.util.Set.of(Stage.STAGING, Stage.PRODUCTION),
              base.stageRefresh(),
              null,
              null,
              base.artifactLimits());
      try (InferenceBackend<ModelAndKeys> backend = RegistryBackendProvider.open(stagingToo)) {
        String staged = stack.publish(m, Stage.STAGING);
        String keyId = stack.uploadKeys(FheClient.generateKeys(m.client()));
        assertThat(
                backend
                    .resolver()
                    .resolve(new ModelCoordinates(m.client().modelName(), staged, keyId))
                    .cacheLookup())
            .isEqualTo(CacheLookup.MISS);
      }
    }
  }

  private static RegistryBackendSettings withStageRefresh(
      RegistryBackendSettings s, java.time.Duration refresh) {
    return new RegistryBackendSettings(
        s.url(),
        s.token(),
        s.cacheMaxBytes(),
        s.requestTimeout(),
        s.maxAttempts(),
        s.servedStages(),
        refresh,
        s.trustStore(),
        s.trustStorePassword(),
        s.artifactLimits());
  }

  @Test
  void registryDown_isRetryableUnavailable() throws Exception {
    ModelArtifacts m = RealStack.breastCancer();
    try (RealStack stack = RealStack.start(dir);
        InferenceBackend<ModelAndKeys> backend = RegistryBackendProvider.open(stack.settings())) {
      String version = stack.publish(m);
      String keyId = stack.uploadKeys(FheClient.generateKeys(m.client()));
      stack.stop();
      ModelCoordinates c = new ModelCoordinates(m.client().modelName(), version, keyId);
      InferenceException e =
          assertReason(
              backend.resolver(), c, FailureReason.REGISTRY_UNAVAILABLE, "registry unavailable");
      assertThat(e.isRetryable()).isTrue();
      stack.restart();
      assertThat(backend.resolver().resolve(c).cacheLookup()).isEqualTo(CacheLookup.MISS);
    }
  }

  @Test
  void keysThatDoNotDecode_areKeysRefused_andNotDownloadedAgain() throws Exception {
    ModelArtifacts m = RealStack.breastCancer();
    String set = m.server().parameters().id();
    try (RealStack stack = RealStack.startCheckingContainersOnly(dir)) {
      String version = stack.publish(m);
      // a registry checking containers only stores a leveled set's "keys" of the wrong length
      byte[] garbage =
          BlobWriter.toBytes(
              BlobKind.EVALUATION_KEYS, set, 100, w -> w.writeBytes(new byte[100], 0, 100));
      KeyId id =
          stack
              .client(RealStack.OWNER_TOKEN)
              .uploadEvaluationKeys(
                  Files.write(dir.resolve("garbage.evk"), garbage), ParameterSetId.of(set))
              .id();
      RegistryBackendSettings s = stack.settings();
      RegistryModelResolver resolver =
          new RegistryModelResolver(
              stack.client(RealStack.READER_TOKEN),
              s.cacheMaxBytes(),
              s.servedStages(),
              s.stageRefresh(),
              s.artifactLimits());
      ModelCoordinates c = new ModelCoordinates(m.client().modelName(), version, id.hex());
      assertReason(resolver, c, FailureReason.KEYS_REFUSED, "32-byte identity");
      // the model and the keys were downloaded once each
      assertThat(resolver.cacheStats().misses()).isEqualTo(2);
      InferenceException again =
          assertReason(resolver, c, FailureReason.KEYS_REFUSED, "32-byte identity");
      assertThat(again.isRetryable()).isFalse();
      assertThat(resolver.cacheStats().misses())
          .as("refused again without a download")
          .isEqualTo(2);
    }
  }

  private static InferenceException assertReason(
      ModelResolver<ModelAndKeys> resolver,
      ModelCoordinates c,
      FailureReason reason,
      String messagePart) {
    InferenceException e =
        (InferenceException)
            org.assertj.core.api.Assertions.catchThrowable(() -> resolver.resolve(c));
    assertThat(e).as(c.toString()).isNotNull();
    assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
    assertThat(e.getMessage()).contains(messagePart);
    return e;
  }
}
