package io.fhestreams.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.serialization.BlobHeader;
import io.fhestreams.engine.serialization.BlobKind;
import io.fhestreams.engine.serialization.BlobWriter;
import io.fhestreams.engine.serialization.EvaluationKeyFormats;
import io.fhestreams.ml.deploy.HostileArtifacts;
import io.fhestreams.registry.api.RegistryException;
import io.fhestreams.registry.validation.ArtifactLoadingValidator;
import io.fhestreams.registry.validation.UploadKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 6 (registry): thousands of generated uploads, hostile server artifacts (consistent
 * circuits over a cap, {@link HostileArtifacts}) and hostile evaluation keys (well-framed garbage,
 * wrong lengths, kinds and sets, corrupt or cut blobs, wrong shapes), with good artifacts and keys
 * interleaved. Each goes through the registry's validator and must end exactly as expected: stored
 * unchanged, or refused as UNPROCESSABLE naming what is wrong; one in {@value #HTTP_EVERY} goes
 * through the HTTP endpoint instead, which must answer 201 or 422 with that reason. Seed and case
 * count: {@code -Dfhe.hostile.seed}, {@code -Dfhe.hostile.cases} (default {@value #DEFAULT_CASES}).
 */
class HostileUploadTest {
  static final int DEFAULT_CASES = 2500;
  static final int HTTP_EVERY = 20;

  /** One in this many key cases is a full-size (29 MB) blob of the 4-bit set's shape. */
  static final int FULL_SIZE_KEYS_EVERY = 200;

  static final ParameterSet PBS = ParameterSets.byId(TestBlobs.PS);
  static final List<ParameterSet> PBS_SETS =
      List.of(
          ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M64,
          ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64,
          ParameterSets.MESSAGE_3_CARRY_3_TUNIFORM_2M64);
  static final String REFUSED = "upload refused: expected a well-formed EVALUATION_KEYS blob; ";

  @TempDir Path data;
  @TempDir Path scratch;

  /** A generated evaluation-key upload: the blob, the set it claims, the expected refusal. */
  record KeyCase(String kind, byte[] blob, String claimed, String refusal) {}

  @Test
  void everyGeneratedUpload_endsExactlyAsExpected_andEveryGoodOneIsStored() throws Exception {
    long seed = Long.getLong("fhe.hostile.seed", new SplittableRandom().nextLong());
    int cases = Integer.getInteger("fhe.hostile.cases", DEFAULT_CASES);
    System.out.println("HostileUploadTest: seed " + seed + " (-Dfhe.hostile.seed), " + cases);
    SplittableRandom random = new SplittableRandom(seed);
    ArtifactLoadingValidator validator = new ArtifactLoadingValidator();
    Map<String, int[]> outcomes = new TreeMap<>(); // kind -> {accepted, refused, over HTTP}
    try (RegistryServer server =
        RegistryServer.start(RegistryConfig.inDirectory(data, ServerFixture.tokenEntries()))) {
      ServerFixture http = new ServerFixture(server.uri(), scratch);
      http.json("POST", "/models", "pub", "{\"name\":\"m\"}");
      for (int i = 0; i < cases; i++) {
        boolean overHttp = i % HTTP_EVERY == 0;
        String context = "case " + i + " of seed " + seed;
        if (random.nextInt(5) < 3) {
          HostileArtifacts.Case c = HostileArtifacts.next(random);
          // over HTTP the client half is a leveled model's: a good lookup model would mismatch
          boolean http1 = overHttp && c.kind() != HostileArtifacts.Kind.GOOD_LOOKUPS;
          byte[] blob = c.artifact().toBytes();
          if (http1) {
            HttpResponse<String> r = http.publish("m", "pub", TestArtifacts.client(), blob);
            assertThat(r.statusCode())
                .as(context + ": " + r.body())
                .isEqualTo(c.good() ? 201 : 422);
            if (!c.good()) {
              assertThat(r.body()).as(context).contains(c.refusal());
            }
          } else {
            assertOutcome(
                validator,
                UploadKind.SERVER_ARTIFACT,
                blob,
                c.good() ? null : "upload refused: server artifact refused: " + c.refusal(),
                context + " " + c.kind());
          }
          count(outcomes, "artifact " + c.kind(), c.good(), http1);
        } else {
          KeyCase k = nextKeys(random, i);
          if (overHttp) {
            HttpResponse<String> r = http.uploadKeys("alice", k.claimed(), k.blob());
            assertThat(r.statusCode())
                .as(context + " " + k.kind() + ": " + r.body())
                .isEqualTo(k.refusal() == null ? 201 : 422);
            if (k.refusal() != null) {
              assertThat(r.body()).as(context).contains(k.refusal());
            }
          } else {
            assertOutcome(
                validator, UploadKind.EVALUATION_KEYS, k.blob(), k.refusal(), context + k.kind());
          }
          count(outcomes, "keys " + k.kind(), k.refusal() == null, overHttp);
        }
      }
    }
    StringBuilder table = new StringBuilder();
    int[] total = new int[3];
    outcomes.forEach(
        (kind, n) -> {
          table.append(
              String.format(
                  "  %-40s accepted %5d  refused %5d  (HTTP %d)%n", kind, n[0], n[1], n[2]));
          for (int j = 0; j < 3; j++) {
            total[j] += n[j];
          }
        });
    System.out.printf(
        "HostileUploadTest: seed %d, %d cases: %d accepted (all good ones), %d refused with their"
            + " reason, %d over HTTP%n%s",
        seed, cases, total[0], total[1], total[2], table);
    assertThat(total[0] + total[1]).isEqualTo(cases);
  }

  private static void count(Map<String, int[]> outcomes, String kind, boolean good, boolean http) {
    int[] n = outcomes.computeIfAbsent(kind, k -> new int[3]);
    n[good ? 0 : 1]++;
    n[2] += http ? 1 : 0;
  }

  /** Runs the validator: a good blob is copied unchanged, a bad one refused with the message. */
  private static void assertOutcome(
      ArtifactLoadingValidator validator,
      UploadKind kind,
      byte[] blob,
      String refusal,
      String context)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (refusal == null) {
      validator.copyValidated(kind, new ByteArrayInputStream(blob), out);
      assertThat(out.toByteArray()).as(context).isEqualTo(blob);
      return;
    }
    RegistryException e =
        catchThrowableOfType(
            RegistryException.class,
            () -> validator.copyValidated(kind, new ByteArrayInputStream(blob), out));
    assertThat(e).as(context + ": no refusal").isNotNull();
    assertThat(e.kind()).as(context).isEqualTo(RegistryException.Kind.UNPROCESSABLE);
    assertThat(e.getMessage()).as(context).contains(refusal);
  }

  /** An evaluation-key upload drawn from {@code random}: about one in three is good. */
  static KeyCase nextKeys(SplittableRandom random, int index) throws Exception {
    String leveled = TestBlobs.LEVELED_PS;
    if (index % FULL_SIZE_KEYS_EVERY == 1) {
      // full size, every length and checksum right: the shape decides
      int field = random.nextBoolean() ? -1 : random.nextInt(4);
      byte[] keys = TestBlobs.keys(PBS, true, random.nextLong(), field);
      return field < 0
          ? new KeyCase("full-size keys of the set's shape", keys, PBS.id(), null)
          : new KeyCase(
              "full-size keys of another shape",
              keys,
              PBS.id(),
              REFUSED + "CONTENT: SEEDED_LWE_KEYSWITCH_KEY shape in the blob");
    }
    byte[] good = TestBlobs.keys(random.nextLong());
    switch (random.nextInt(12)) {
      case 0, 1, 2, 3:
        return new KeyCase("leveled identity", good, leveled, null);
      case 4:
        {
          int n = random.nextInt(4097);
          n = n == EvaluationKeyFormats.LEVELED_IDENTITY_BYTES ? n + 1 : n;
          return new KeyCase(
              "leveled identity of another length",
              blob(BlobKind.EVALUATION_KEYS, leveled, n, random),
              leveled,
              REFUSED
                  + "LENGTH: evaluation keys of leveled set "
                  + leveled
                  + ": expected an EVALUATION_KEYS blob with a 32-byte identity, found"
                  + " EVALUATION_KEYS with a payload of "
                  + n
                  + " bytes");
        }
      case 5:
        return new KeyCase(
            "seeded kind for a leveled set",
            blob(BlobKind.SEEDED_EVALUATION_KEYS, leveled, 32, random),
            leveled,
            REFUSED
                + "KIND: parameter set "
                + leveled
                + " is leveled: expected EVALUATION_KEYS holding a client identity, found"
                + " SEEDED_EVALUATION_KEYS");
      case 6:
        {
          ParameterSet set = PBS_SETS.get(random.nextInt(PBS_SETS.size()));
          boolean seeded = random.nextBoolean();
          BlobKind kind = seeded ? BlobKind.SEEDED_EVALUATION_KEYS : BlobKind.EVALUATION_KEYS;
          int n = random.nextInt(1 << 16);
          return new KeyCase(
              "framed garbage of a wrong length",
              blob(kind, set.id(), n, random),
              set.id(),
              REFUSED
                  + "LENGTH: "
                  + kind
                  + " of parameter set "
                  + set.id()
                  + " has a payload of "
                  + payloadLength(set, seeded)
                  + " bytes, the header declares "
                  + n);
        }
      case 7:
        {
          // the right outer length, then random bytes where the key-switching key's blob begins
          ParameterSet set = PBS_SETS.get(random.nextInt(PBS_SETS.size()));
          byte[] header = header(BlobKind.SEEDED_EVALUATION_KEYS, set, payloadLength(set, true));
          byte[] garbage = new byte[header.length + 256];
          random.nextBytes(garbage);
          System.arraycopy(header, 0, garbage, 0, header.length);
          return new KeyCase(
              "garbage after a right outer header",
              garbage,
              set.id(),
              REFUSED + "MAGIC: expected magic");
        }
      case 8:
        {
          String unknown = "NOT_A_SET_" + random.nextInt(1000);
          return new KeyCase(
              "unknown parameter set",
              blob(BlobKind.SEEDED_EVALUATION_KEYS, unknown, 64, random),
              unknown,
              REFUSED + "PARAMETER_SET: evaluation keys name unknown parameter set id '" + unknown);
        }
      case 9:
        {
          BlobKind kind =
              List.of(BlobKind.CLIENT_KEYSTORE, BlobKind.SERVER_ARTIFACT, BlobKind.CLIENT_ARTIFACT)
                  .get(random.nextInt(3));
          return new KeyCase(
              "a " + kind + " blob",
              blob(kind, PBS.id(), 1 + random.nextInt(512), random),
              PBS.id(),
              kind == BlobKind.CLIENT_KEYSTORE
                  ? "the blob is a CLIENT_KEYSTORE, which holds secret keys"
                  // the two expected kinds are listed in either order
                  : "EVALUATION_KEYS], found " + kind);
        }
      case 10:
        {
          byte[] flipped = good.clone();
          flipped[flipped.length - 5 - random.nextInt(32)] ^= (byte) (1 + random.nextInt(255));
          return new KeyCase(
              "identity with a flipped byte",
              flipped,
              leveled,
              REFUSED + "CHECKSUM: trailing CRC32C of this EVALUATION_KEYS blob does not match");
        }
      default:
        {
          int extra = 1 + random.nextInt(64);
          return random.nextBoolean()
              ? new KeyCase(
                  "identity cut short",
                  Arrays.copyOf(good, good.length - extra),
                  leveled,
                  REFUSED + "TRUNCATED: ")
              : new KeyCase(
                  "identity with bytes after it",
                  Arrays.copyOf(good, good.length + extra),
                  leveled,
                  "extra bytes after the end of the EVALUATION_KEYS blob");
        }
    }
  }

  private static byte[] blob(BlobKind kind, String set, int payload, SplittableRandom random) {
    return TestBlobs.blob(kind, set, payload, random.nextLong());
  }

  /** The outer payload length of {@code set}'s evaluation keys. */
  private static long payloadLength(ParameterSet set, boolean seeded) {
    BlobKind kind = seeded ? BlobKind.SEEDED_EVALUATION_KEYS : BlobKind.EVALUATION_KEYS;
    return EvaluationKeyFormats.blobLength(set, seeded)
        - new BlobHeader(1, kind, set.id(), 0).encodedLength()
        - 4;
  }

  /** The encoded header of a blob of {@code kind} with {@code payload} bytes. */
  private static byte[] header(BlobKind kind, ParameterSet set, long payload) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BlobWriter.open(out, kind, set.id(), payload);
    return out.toByteArray();
  }
}
