package io.fhestreams.streams.backend;

import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.serialization.BlobReader;
import io.fhestreams.engine.serialization.EvaluationKeyFormats;
import io.fhestreams.ml.deploy.ArtifactLimits;
import io.fhestreams.ml.deploy.FheServer;
import io.fhestreams.ml.deploy.ServerArtifact;
import io.fhestreams.registry.api.KeyId;
import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.ModelVersion;
import io.fhestreams.registry.api.ModelVersionInfo;
import io.fhestreams.registry.api.RegistryException;
import io.fhestreams.registry.api.Stage;
import io.fhestreams.registry.client.BlobDecoder;
import io.fhestreams.registry.client.CacheStats;
import io.fhestreams.registry.client.RegistryCache;
import io.fhestreams.registry.client.RegistryClient;
import io.fhestreams.registry.client.RegistryClientException;
import io.fhestreams.streams.processor.CacheLookup;
import io.fhestreams.streams.processor.FailureReason;
import io.fhestreams.streams.processor.InferenceException;
import io.fhestreams.streams.processor.ModelCoordinates;
import io.fhestreams.streams.processor.ModelResolver;
import io.fhestreams.streams.processor.ParameterSetId;
import io.fhestreams.streams.processor.ResolvedModel;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a request's model (name + version → server artifact → {@link FheServer}) and its
 * sender's evaluation keys (key id → blob → {@link EvaluationKeys}, read once: decompression and
 * the Fourier transform take seconds) through a {@link RegistryClient}, both kept decoded in the
 * client's byte-bounded {@link RegistryCache}.
 *
 * <p>Only versions in a served stage are evaluated; a version in another stage is {@code
 * MODEL_STAGE_NOT_SERVED}. A version's stage is read from the registry and trusted for a while
 * ({@code registry.stage.refresh.ms}), so that a promotion or an archival takes effect within it;
 * while the registry cannot be reached, the last stage read stays in force.
 *
 * <p>A request addressed to a stage ({@link ModelCoordinates#modelStage()}) names the version its
 * sender encrypted for as well. The stage's current version ({@link Stage#currentVersion}, read
 * through a {@link StageDirectory} trusted for the same {@code registry.stage.refresh.ms}) answers
 * it when that version's client artifact is the one the request was encrypted with (same SHA-256:
 * same quantizers, parameter set and output decoding, so the sender decrypts the answer as it
 * expects); otherwise the request is answered by the version it was encrypted for, as long as that
 * version is served: a record in flight across a promotion finishes on the version it started with.
 * An unknown stage name is {@code UNKNOWN_STAGE}; a stage without a version of the model is {@code
 * UNKNOWN_STAGE} once the grace period is over.
 *
 * <p>Failures: a 404 (or a name/version/id the registry could never hold) is {@code UNKNOWN_MODEL}
 * or {@code UNKNOWN_KEY}; a server artifact that does not load or exceeds the configured {@link
 * ArtifactLimits} is {@code MODEL_REFUSED}, evaluation keys that do not decode {@code
 * KEYS_REFUSED}, both with the reader's or the limit's message and remembered ({@link
 * RefusedBlobs}) so that the next request naming them is refused without a download; model and keys
 * of different parameter sets are {@code PARAMETER_SET_MISMATCH}; a 5xx, a timeout, a refused
 * connection, and also 401/403 (a misconfigured token: retrying loses nothing, dead-lettering
 * would) are {@code REGISTRY_UNAVAILABLE}, which the processor retries. Thread-safe.
 */
public final class RegistryModelResolver implements ModelResolver<ModelAndKeys> {
  /** Start of the log line written for every download of evaluation keys. */
  public static final String KEY_FETCH_LOG = "key fetch: evaluation keys";

  private static final Logger LOG = LoggerFactory.getLogger(RegistryModelResolver.class);

  /** Whether the current thread decoded something during the current resolve: a cache miss. */
  private static final ThreadLocal<boolean[]> DECODED =
      ThreadLocal.withInitial(() -> new boolean[1]);

  private final ArtifactLimits limits;
  private final RefusedBlobs refused = new RefusedBlobs();
  private final RegistryCache<EvaluationKeys, FheServer> cache;
  private final RegistryClient client;
  private final Set<Stage> servedStages;
  private final long stageRefreshNanos;
  private final StageDirectory stageDirectory;

  /** The stage last read for each version asked for (only versions that exist get an entry). */
  private final Map<ModelKey, StageRead> stages = new ConcurrentHashMap<>();

  private record ModelKey(ModelName name, ModelVersion version) {}

  private record StageRead(Stage stage, long readAtNanos) {}

  /**
   * A resolver over {@code client}, caching at most {@code cacheMaxBytes} bytes of decoded keys and
   * models, evaluating only versions in {@code servedStages}, each version's stage read again after
   * {@code stageRefresh}, loading only server artifacts within {@code limits}.
   */
  public RegistryModelResolver(
      RegistryClient client,
      long cacheMaxBytes,
      Set<Stage> servedStages,
      Duration stageRefresh,
      ArtifactLimits limits) {
    this(client, cacheMaxBytes, servedStages, stageRefresh, limits, Clock.systemUTC());
  }

  /** As the public constructor, reading the time of stage reads from {@code clock}. */
  RegistryModelResolver(
      RegistryClient client,
      long cacheMaxBytes,
      Set<Stage> servedStages,
      Duration stageRefresh,
      ArtifactLimits limits,
      Clock clock) {
    this.client = client;
    this.servedStages = Set.copyOf(servedStages);
    this.stageRefreshNanos = stageRefresh.toNanos();
    this.stageDirectory = new StageDirectory(client::versions, stageRefresh, clock);
    this.limits = limits;
    this.cache = client.cache(cacheMaxBytes, RegistryModelResolver::decodeKeys, this::decodeServer);
  }

  @Override
  public ResolvedModel<ModelAndKeys> resolve(ModelCoordinates c) throws InferenceException {
    boolean[] decoded = DECODED.get();
    decoded[0] = false;
    ModelName name;
    ModelVersion named;
    try {
      name = ModelName.of(c.modelName());
      named = ModelVersion.parse(c.modelVersion());
    } catch (RegistryException e) {
      throw new InferenceException(
          FailureReason.UNKNOWN_MODEL,
          "model "
              + c.modelName()
              + " version "
              + c.modelVersion()
              + " cannot exist in the registry: "
              + e.getMessage());
    }
    Choice choice =
        c.modelStage() == null
            ? new Choice(named, null)
            : chooseForStage(name, named, c.modelStage());
    FheServer server = server(name, choice);
    EvaluationKeys keys = keys(c);
    String modelSet = server.artifact().parameters().id();
    String keySet = keys.parameters().id();
    if (!modelSet.equals(keySet)) {
      throw new InferenceException(
          FailureReason.PARAMETER_SET_MISMATCH,
          "model "
              + c.modelName()
              + " version "
              + choice.version()
              + " was compiled for parameter set "
              + modelSet
              + ", evaluation keys "
              + c.keyId()
              + " are for "
              + keySet);
    }
    return new ResolvedModel<>(
        new ModelAndKeys(server, keys),
        new ParameterSetId(modelSet),
        decoded[0] ? CacheLookup.MISS : CacheLookup.HIT,
        choice.version().toString());
  }

  /**
   * The version to evaluate and, when read in the same registry answer, its stage (else null: read
   * through the per-version stage cache).
   */
  private record Choice(ModelVersion version, Stage stage) {}

  /**
   * The stage's current version when it accepts the encryption of {@code named} (it is {@code
   * named}, or has the same client artifact), else {@code named}: the version the record was
   * encrypted for.
   */
  private Choice chooseForStage(ModelName name, ModelVersion named, String stageName)
      throws InferenceException {
    Stage stage;
    try {
      stage = Stage.parse(stageName);
    } catch (RegistryException e) {
      throw new InferenceException(
          FailureReason.UNKNOWN_STAGE, "the request addresses an unknown stage: " + e.getMessage());
    }
    List<ModelVersionInfo> versions;
    try {
      versions = stageDirectory.versions(name, named);
    } catch (RegistryClientException e) {
      throw failure(e, FailureReason.UNKNOWN_MODEL, "model " + name.value());
    }
    ModelVersionInfo current =
        stage
            .currentVersion(versions)
            .orElseThrow(
                () ->
                    InferenceException.notFoundYet(
                        FailureReason.UNKNOWN_STAGE,
                        "model "
                            + name.value()
                            + " has no version in stage '"
                            + stage.wireName()
                            + "'"));
    Optional<ModelVersionInfo> encryptedFor =
        versions.stream().filter(v -> v.version().equals(named)).findFirst();
    if (encryptedFor.isEmpty()) {
      // not (yet) in the registry: the per-version lookup tells a late publish from garbage
      return new Choice(named, null);
    }
    if (current.version().equals(named)
        || current.client().sha256().equals(encryptedFor.get().client().sha256())) {
      return new Choice(current.version(), current.stage());
    }
    return new Choice(named, encryptedFor.get().stage());
  }

  /** Hits, misses, evictions and bytes held by the cache. */
  public CacheStats cacheStats() {
    return cache.stats();
  }

  private FheServer server(ModelName name, Choice choice) throws InferenceException {
    ModelVersion version = choice.version();
    String what = "model " + name.value() + " version " + version.number();
    String known = refused.reason(what);
    if (known != null) {
      throw new InferenceException(FailureReason.MODEL_REFUSED, known);
    }
    Stage stage = choice.stage();
    try {
      if (stage == null) {
        stage = stage(name, version);
      }
    } catch (RegistryClientException e) {
      throw failure(e, FailureReason.UNKNOWN_MODEL, what);
    }
    if (!servedStages.contains(stage)) {
      throw new InferenceException(
          FailureReason.MODEL_STAGE_NOT_SERVED,
          what
              + " is in stage '"
              + stage.wireName()
              + "'; this app serves only "
              + servedStages.stream().map(Stage::wireName).sorted().toList()
              + " (registry.served.stages)");
    }
    try {
      return cache.serverArtifact(name, version);
    } catch (UnusableBlobException e) {
      throw new InferenceException(
          FailureReason.MODEL_REFUSED,
          refused.refuse(
              what, what + ": the registry's server artifact is refused: " + e.getMessage()));
    } catch (RegistryClientException e) {
      throw failure(e, FailureReason.UNKNOWN_MODEL, what);
    }
  }

  /**
   * The version's stage: the last one read while it is fresh, else read again; the last one read
   * also when the registry cannot be reached (a 404 is not "unreachable": it ends the version).
   */
  private Stage stage(ModelName name, ModelVersion version) {
    ModelKey key = new ModelKey(name, version);
    StageRead last = stages.get(key);
    long now = System.nanoTime();
    if (last != null && now - last.readAtNanos() < stageRefreshNanos) {
      return last.stage();
    }
    try {
      Stage stage = client.version(name, version).stage();
      stages.put(key, new StageRead(stage, now));
      return stage;
    } catch (RegistryClientException e) {
      if (e.isNotFound()) {
        stages.remove(key);
        throw e;
      }
      if (last != null && retryable(e.status())) {
        return last.stage();
      }
      throw e;
    }
  }

  private EvaluationKeys keys(ModelCoordinates c) throws InferenceException {
    KeyId id;
    try {
      id = KeyId.of(c.keyId());
    } catch (RegistryException e) {
      throw new InferenceException(
          FailureReason.UNKNOWN_KEY,
          "evaluation-key id " + c.keyId() + " cannot exist in the registry: " + e.getMessage());
    }
    String blob = "evaluation keys " + id;
    String known = refused.reason(blob);
    if (known != null) {
      throw new InferenceException(FailureReason.KEYS_REFUSED, known);
    }
    boolean[] decoded = DECODED.get();
    boolean modelDecoded = decoded[0];
    decoded[0] = false;
    try {
      long started = System.nanoTime();
      EvaluationKeys keys = cache.evaluationKeys(id);
      if (decoded[0]) {
        // one line per download: how much key traffic the spread of the senders costs this instance
        LOG.info(
            "{} {} fetched from the registry and decoded in {} ms",
            KEY_FETCH_LOG,
            id,
            (System.nanoTime() - started) / 1_000_000);
      }
      return keys;
    } catch (UnusableBlobException e) {
      throw new InferenceException(
          FailureReason.KEYS_REFUSED,
          refused.refuse(blob, blob + ": the registry's blob does not load: " + e.getMessage()));
    } catch (RegistryClientException e) {
      throw failure(e, FailureReason.UNKNOWN_KEY, "evaluation keys " + id);
    } finally {
      decoded[0] |= modelDecoded;
    }
  }

  private static InferenceException failure(
      RegistryClientException e, FailureReason notFound, String what) {
    if (e.isNotFound()) {
      // it may be published a moment after the request was sent: the processor asks again
      return InferenceException.notFoundYet(
          notFound, "the registry has no " + what + ": " + e.getMessage());
    }
    if (retryable(e.status())) {
      return new InferenceException(
          FailureReason.REGISTRY_UNAVAILABLE,
          "registry unavailable for " + what + ": " + e.getMessage(),
          e);
    }
    return new InferenceException(notFound, "the registry refused " + what + ": " + e.getMessage());
  }

  /** Statuses worth waiting out: transport failures, server errors, auth and throttling. */
  static boolean retryable(int status) {
    return status == 0
        || status >= 500
        || status == 401
        || status == 403
        || status == 408
        || status == 429;
  }

  /**
   * Reads a whole blob: a transport failure is an IOException (the registry is unavailable), never
   * a decode error.
   */
  private static byte[] readBlob(InputStream in, long size) throws IOException {
    byte[] blob = in.readAllBytes();
    if (size >= 0 && blob.length != size) {
      throw new IOException("download ended after " + blob.length + " of " + size + " bytes");
    }
    DECODED.get()[0] = true;
    return blob;
  }

  private static BlobDecoder.Decoded<EvaluationKeys> decodeKeys(InputStream in, long size)
      throws IOException {
    byte[] blob = readBlob(in, size);
    try {
      ParameterSet set = ParameterSets.byId(BlobReader.readHeader(blob).parameterSetId());
      EvaluationKeys keys = EvaluationKeyFormats.readEvaluationKeys(blob, set);
      // The Fourier bootstrap key is about as large as the plain (unseeded) blob; a packing key,
      // when the client sent one, is held whole (n_in·l rows of (k+1)·N longs).
      long packing =
          keys.packingKeyswitchKey().map(k -> 8L * k.rows().length * k.rows()[0].length).orElse(0L);
      long retained =
          set.supportsBootstrap()
              ? EvaluationKeyFormats.blobLength(set, false) + packing
              : blob.length;
      return new BlobDecoder.Decoded<>(keys, retained);
    } catch (RuntimeException e) {
      throw new UnusableBlobException(e.getMessage(), e);
    }
  }

  private BlobDecoder.Decoded<FheServer> decodeServer(InputStream in, long size)
      throws IOException {
    byte[] blob = readBlob(in, size);
    try {
      ServerArtifact artifact = ServerArtifact.fromBytes(blob);
      limits.check(artifact);
      // The decoded circuit holds its constants in long[]s: about the blob's size, twice for
      // headroom.
      return new BlobDecoder.Decoded<>(FheServer.of(artifact), 2L * blob.length);
    } catch (IOException | RuntimeException e) {
      throw new UnusableBlobException(e.getMessage(), e);
    }
  }

  /** A blob arrived whole but does not decode: not a transport failure, so never retried. */
  private static final class UnusableBlobException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnusableBlobException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
