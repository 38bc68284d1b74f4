package io.fhestreams.registry.client;

import io.fhestreams.registry.api.ArtifactHalf;
import io.fhestreams.registry.api.EvaluationKeyInfo;
import io.fhestreams.registry.api.KeyId;
import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.ModelVersion;
import io.fhestreams.registry.api.ModelVersionInfo;
import java.io.InputStream;

/**
 * Decoded evaluation keys and server artifacts fetched through a {@link RegistryClient}, kept in
 * one {@link ByteBoundedCache}. Both are immutable on the registry (keys are content-addressed,
 * version numbers are never reused), so entries never go stale; a deleted one stays usable until
 * evicted or {@linkplain #invalidate(KeyId) invalidated}. The decoders are parameters, so this
 * cache does not depend on the engine's or the compiler's types.
 *
 * @param <K> decoded evaluation keys
 * @param <S> decoded server artifact
 */
public final class RegistryCache<K, S> {
  private record KeysKey(KeyId id) {}

  private record ServerKey(ModelName model, ModelVersion version) {}

  private final RegistryClient client;
  private final ByteBoundedCache<Object, Object> cache;
  private final BlobDecoder<K> keyDecoder;
  private final BlobDecoder<S> serverDecoder;

  RegistryCache(
      RegistryClient client,
      long maxBytes,
      BlobDecoder<K> keyDecoder,
      BlobDecoder<S> serverDecoder) {
    this.client = client;
    this.cache = new ByteBoundedCache<>(maxBytes);
    this.keyDecoder = keyDecoder;
    this.serverDecoder = serverDecoder;
  }

  /** The decoded evaluation keys {@code id}, downloaded and decoded on a miss. */
  @SuppressWarnings("unchecked")
  public K evaluationKeys(KeyId id) {
    return (K)
        cache.get(
            new KeysKey(id),
            () -> {
              EvaluationKeyInfo info =
                  client
                      .evaluationKeyInfo(id)
                      .orElseThrow(
                          () ->
                              new RegistryClientException(
                                  404, "no evaluation keys with id " + id, null));
              try (InputStream in = client.openEvaluationKeys(id)) {
                return (BlobDecoder.Decoded<Object>) keyDecoder.decode(in, info.size());
              }
            });
  }

  /**
   * The decoded server artifact of {@code model} version {@code version}, downloaded and decoded on
   * a miss.
   */
  @SuppressWarnings("unchecked")
  public S serverArtifact(ModelName model, ModelVersion version) {
    return (S)
        cache.get(
            new ServerKey(model, version),
            () -> {
              ModelVersionInfo info = client.version(model, version);
              try (InputStream in = client.openArtifact(model, version, ArtifactHalf.SERVER)) {
                return (BlobDecoder.Decoded<Object>) serverDecoder.decode(in, info.server().size());
              }
            });
  }

  /** Drops the keys {@code id}, e.g. after their owner deleted them. */
  public void invalidate(KeyId id) {
    cache.invalidate(new KeysKey(id));
  }

  /** Hits, misses, evictions and bytes held. */
  public CacheStats stats() {
    return cache.stats();
  }
}
