package io.fhestreams.streams.backend;

import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.serialization.BlobReader;
import io.fhestreams.engine.serialization.EvaluationKeyFormats;
import io.fhestreams.ml.deploy.FheServer;
import io.fhestreams.ml.deploy.ServerArtifact;
import io.fhestreams.registry.api.KeyId;
import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.ModelVersion;
import io.fhestreams.registry.api.RegistryException;
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

/**
 * Resolves a request's model (name + version → server artifact → {@link FheServer}) and its
 * sender's evaluation keys (key id → blob → {@link EvaluationKeys}, read once: decompression and
 * the Fourier transform take seconds) through a {@link RegistryClient}, both kept decoded in the
 * client's byte-bounded {@link RegistryCache}.
 *
 * <p>Failures: a 404 (or a name/version/id the registry could never hold) is {@code UNKNOWN_MODEL}
 * or {@code UNKNOWN_KEY}; a stored blob that does not decode is the same, with the reader's
 * message; model and keys of different parameter sets are {@code PARAMETER_SET_MISMATCH}; a 5xx, a
 * timeout, a refused connection, and also 401/403 (a misconfigured token: retrying loses nothing,
 * dead-lettering would) are {@code REGISTRY_UNAVAILABLE}, which the processor retries. Thread-safe.
 */
public final class RegistryModelResolver implements ModelResolver<ModelAndKeys> {
  /** Whether the current thread decoded something during the current resolve: a cache miss. */
  private static final ThreadLocal<boolean[]> DECODED =
      ThreadLocal.withInitial(() -> new boolean[1]);

  private final RegistryCache<EvaluationKeys, FheServer> cache;

  /**
   * A resolver over {@code client}, caching at most {@code cacheMaxBytes} bytes of decoded keys and
   * models.
   */
  public RegistryModelResolver(RegistryClient client, long cacheMaxBytes) {
    this.cache =
        client.cache(
            cacheMaxBytes, RegistryModelResolver::decodeKeys, RegistryModelResolver::decodeServer);
  }

  @Override
  public ResolvedModel<ModelAndKeys> resolve(ModelCoordinates c) throws InferenceException {
    boolean[] decoded = DECODED.get();
    decoded[0] = false;
    FheServer server = server(c);
    EvaluationKeys keys = keys(c);
    String modelSet = server.artifact().parameters().id();
    String keySet = keys.parameters().id();
    if (!modelSet.equals(keySet)) {
      throw new InferenceException(
          FailureReason.PARAMETER_SET_MISMATCH,
          "model "
              + c.modelName()
              + " version "
              + c.modelVersion()
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
        decoded[0] ? CacheLookup.MISS : CacheLookup.HIT);
  }

  /** Hits, misses, evictions and bytes held by the cache. */
  public CacheStats cacheStats() {
    return cache.stats();
  }

  private FheServer server(ModelCoordinates c) throws InferenceException {
    ModelName name;
    ModelVersion version;
    try {
      name = ModelName.of(c.modelName());
      version = ModelVersion.parse(c.modelVersion());
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
    try {
      return cache.serverArtifact(name, version);
    } catch (UnusableBlobException e) {
      throw new InferenceException(
          FailureReason.UNKNOWN_MODEL,
          "model "
              + name.value()
              + " version "
              + version.number()
              + ": the registry's server artifact does not load: "
              + e.getMessage());
    } catch (RegistryClientException e) {
      throw failure(
          e, FailureReason.UNKNOWN_MODEL, "model " + name.value() + " version " + version.number());
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
    try {
      return cache.evaluationKeys(id);
    } catch (UnusableBlobException e) {
      throw new InferenceException(
          FailureReason.UNKNOWN_KEY,
          "evaluation keys " + id + ": the registry's blob does not load: " + e.getMessage());
    } catch (RegistryClientException e) {
      throw failure(e, FailureReason.UNKNOWN_KEY, "evaluation keys " + id);
    }
  }

  private static InferenceException failure(
      RegistryClientException e, FailureReason notFound, String what) {
    if (e.isNotFound()) {
      // it may be published a moment after the request was sent: the processor asks again
      return InferenceException.notFoundYet(
          notFound, "the registry has no " + what + ": " + e.getMessage());
    }
    int status = e.status();
    if (status == 0
        || status >= 500
        || status == 401
        || status == 403
        || status == 408
        || status == 429) {
      return new InferenceException(
          FailureReason.REGISTRY_UNAVAILABLE,
          "registry unavailable for " + what + ": " + e.getMessage(),
          e);
    }
    return new InferenceException(notFound, "the registry refused " + what + ": " + e.getMessage());
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
      // The Fourier bootstrap key is about as large as the plain (unseeded) blob.
      long retained =
          set.supportsBootstrap() ? EvaluationKeyFormats.blobLength(set, false) : blob.length;
      return new BlobDecoder.Decoded<>(keys, retained);
    } catch (RuntimeException e) {
      throw new UnusableBlobException(e.getMessage(), e);
    }
  }

  private static BlobDecoder.Decoded<FheServer> decodeServer(InputStream in, long size)
      throws IOException {
    byte[] blob = readBlob(in, size);
    try {
      // The decoded circuit holds its constants in long[]s: about the blob's size, twice for
      // headroom.
      return new BlobDecoder.Decoded<>(
          FheServer.of(ServerArtifact.fromBytes(blob)), 2L * blob.length);
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
