package io.fhestreams.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.PolynomialSize;
import io.fhestreams.engine.serialization.CiphertextFormats;
import io.fhestreams.ml.deploy.FheClient;
import io.fhestreams.ml.deploy.FheServer;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.schemas.avro.DeadLetter;
import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.schemas.avro.EncryptedPrediction;
import io.fhestreams.streams.backend.FheServerEvaluator;
import io.fhestreams.streams.backend.ModelAndKeys;
import io.fhestreams.streams.backend.RealStack;
import io.fhestreams.streams.processor.CacheLookup;
import io.fhestreams.streams.processor.FailureReason;
import io.fhestreams.streams.processor.InferenceException;
import io.fhestreams.streams.processor.ModelResolver;
import io.fhestreams.streams.processor.ParameterSetId;
import io.fhestreams.streams.processor.ResolvedModel;
import io.fhestreams.streams.processor.TestRequests;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Generated ciphertext blobs through the topology with the real {@link FheServerEvaluator}
 * (breast-cancer linear model, real keys): truncated, extended, of the wrong count, of another
 * parameter set or random, interleaved with good requests whose decrypted answers must equal the
 * clear circuit. Count: {@code -Dhostile.real.count} (default 200); seed: {@code
 * -Dhostile.real.seed}.
 */
class HostileRealRequestsTest {
  /** The one sender's key id (the app refuses record keys that are not key ids). */
  private static final String ALICE = TestRequests.keyId("alice");

  enum Kind {
    GOOD(null),
    TRUNCATED(FailureReason.WRONG_CIPHERTEXT_SIZE),
    EXTENDED(FailureReason.WRONG_CIPHERTEXT_SIZE),
    WRONG_COUNT(FailureReason.WRONG_CIPHERTEXT_SIZE),
    RANDOM_BYTES(FailureReason.WRONG_CIPHERTEXT_SIZE),
    OTHER_PARAMETER_SET(FailureReason.PARAMETER_SET_MISMATCH);

    final FailureReason reason;

    Kind(FailureReason reason) {
      this.reason = reason;
    }
  }

  @Test
  void everyBadBlobIsDeadLetteredForItsReasonAndEveryGoodRequestAnsweredCorrectly()
      throws Exception {
    int count = Integer.getInteger("hostile.real.count", 200);
    long seed = Long.getLong("hostile.real.seed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    ModelArtifacts model = RealStack.breastCancer();
    ModelArtifacts lookup = RealStack.lookup("lut");
    FheClient client = FheClient.generateKeys(model.client());
    FheClient foreign = FheClient.generateKeys(lookup.client());
    FheServer server = FheServer.of(model.server());
    String parameterSet = model.server().parameters().id();
    ModelAndKeys modelAndKeys =
        new ModelAndKeys(
            server,
            FheServer.readEvaluationKeys(client.evaluationKeys(), model.server().parameters()));
    ModelResolver<ModelAndKeys> resolver =
        c -> {
          if (!c.keyId().equals(ALICE) || !c.modelName().equals("bc")) {
            throw new InferenceException(FailureReason.UNKNOWN_KEY, "only alice's bc is known");
          }
          return new ResolvedModel<>(
              modelAndKeys, new ParameterSetId(parameterSet), CacheLookup.HIT, c.modelVersion());
        };
    double[][] test = RealStack.breastCancerTest();
    int inputs = model.server().circuit().inputElements();
    Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
    long answered = 0;
    try (TopologyHarness harness =
        new TopologyHarness(resolver, new FheServerEvaluator(), Map.of())) {
      Kind[] kinds = Kind.values();
      for (int i = 0; i < count; i++) {
        Kind kind = random.nextBoolean() ? Kind.GOOD : kinds[1 + random.nextInt(kinds.length - 1)];
        counts.merge(kind, 1, Integer::sum);
        double[] sample = test[random.nextInt(test.length)];
        byte[] good = client.quantizeEncrypt(sample);
        byte[] blob =
            switch (kind) {
              case GOOD -> good;
              case TRUNCATED -> Arrays.copyOf(good, random.nextInt(good.length));
              case EXTENDED -> {
                byte[] longer = Arrays.copyOf(good, good.length + 1 + random.nextInt(4096));
                for (int j = good.length; j < longer.length; j++) {
                  longer[j] = (byte) random.nextInt(256);
                }
                yield longer;
              }
              case WRONG_COUNT -> {
                // the model's inputs are one GLWE ciphertext of N' = 32: another N', or an LWE list
                int n = 16 << random.nextInt(3);
                yield n == 32
                    ? CiphertextFormats.toBytes(
                        client.clientKey().encryptSeeded(new long[inputs]),
                        model.server().parameters())
                    : CiphertextFormats.toBytes(
                        client
                            .clientKey()
                            .encryptSeededGlwe(
                                new long[n],
                                new GlweDimension(2048 / n),
                                new PolynomialSize(n),
                                new CiphertextModulusLog(46)),
                        model.server().parameters());
              }
              case RANDOM_BYTES -> {
                byte[] junk = new byte[random.nextInt(0, 8192)];
                random.nextBytes(junk);
                yield junk;
              }
              case OTHER_PARAMETER_SET -> foreign.encrypt(new long[] {1, 2});
            };
        EncryptedInferenceRequest request =
            EncryptedInferenceRequest.newBuilder()
                .setRequestId("r-" + i)
                .setModelName("bc")
                .setModelVersion("1")
                .setKeyId(ALICE)
                .setParameterSetId(parameterSet)
                .setInputCiphertexts(ByteBuffer.wrap(blob))
                .setCreatedAt(Instant.now())
                .build();
        harness.requests.pipeInput(ALICE, request);
        String where = "seed " + seed + ", case " + i + ", " + kind;
        List<EncryptedPrediction> predictions = harness.predictions.readValuesToList();
        List<DeadLetter> deadLetters = harness.deadLetters.readValuesToList();
        if (kind.reason == null) {
          assertThat(deadLetters).as(where).isEmpty();
          assertThat(predictions).as(where).hasSize(1);
          byte[] out = new byte[predictions.get(0).getOutputCiphertexts().remaining()];
          predictions.get(0).getOutputCiphertexts().duplicate().get(out);
          assertThat(client.decrypt(out))
              .as(where)
              .containsExactly(server.runClear(model.client().quantize(sample)));
          answered++;
        } else {
          assertThat(predictions).as(where).isEmpty();
          assertThat(deadLetters).as(where).hasSize(1);
          assertThat(deadLetters.get(0).getReason())
              .as(where + ": " + deadLetters.get(0).getMessage())
              .isEqualTo(kind.reason.name());
        }
      }
    }
    assertThat(answered).isEqualTo((long) counts.getOrDefault(Kind.GOOD, 0));
    System.out.printf(
        "FIGURES hostile ciphertext blobs (real FheServer): seed %d, %d records, %d good answered"
            + " correctly (0 lost), per kind %s%n",
        seed, count, answered, counts);
  }
}
