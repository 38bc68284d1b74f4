package io.fhestreams.registry.store;

import io.fhestreams.registry.api.ArtifactHalf;
import io.fhestreams.registry.api.EvaluationKeyInfo;
import io.fhestreams.registry.api.KeyId;
import io.fhestreams.registry.api.ModelInfo;
import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.ModelVersion;
import io.fhestreams.registry.api.ModelVersionInfo;
import io.fhestreams.registry.api.ParameterSetId;
import io.fhestreams.registry.api.SchemaInfo;
import io.fhestreams.registry.api.Stage;
import io.fhestreams.registry.api.Subject;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where the registry keeps evaluation keys, models and schemas. Implementations stream blobs in and
 * out (no blob is ever held whole in memory), make every write atomic (a reader sees the old state
 * or the new one, never half a blob) and keep everything across restarts. They are safe for
 * concurrent use. Blob content is not validated here: the server validates before it stores.
 *
 * <p>Refusals are {@link io.fhestreams.registry.api.RegistryException}s: NOT_FOUND for a missing
 * model, version or key; CONFLICT for a model created twice or a key uploaded by another owner.
 */
public interface RegistryStore extends AutoCloseable {

  /**
   * Stores evaluation keys read from {@code content} (until its end), computing their id as the
   * SHA-256 of the bytes. Storing the same bytes again for the same owner, even concurrently, keeps
   * one copy and answers the existing record; for another owner it is a CONFLICT.
   */
  EvaluationKeyInfo putEvaluationKeys(
      ParameterSetId parameterSet, String owner, InputStream content);

  /** The metadata of the keys {@code id}, if stored. */
  Optional<EvaluationKeyInfo> evaluationKeyInfo(KeyId id);

  /** A stream of the bytes of keys {@code id}; the caller closes it. NOT_FOUND when absent. */
  InputStream openEvaluationKeys(KeyId id);

  /** Deletes keys {@code id}; false when there were none. */
  boolean deleteEvaluationKeys(KeyId id);

  /**
   * Creates a model without versions, owned by {@code createdBy}. CONFLICT when the name is taken.
   */
  ModelInfo createModel(ModelName name, String description, String createdBy);

  /** Makes {@code newOwner} the owner of model {@code name}. NOT_FOUND when absent. */
  ModelInfo transferOwnership(ModelName name, String newOwner);

  /** All models, sorted by name. */
  List<ModelInfo> listModels();

  /** The model {@code name}, if it exists. */
  Optional<ModelInfo> model(ModelName name);

  /**
   * Publishes the next version of model {@code name} from the two artifact streams (each read to
   * its end), in stage {@link Stage#STAGING}. Version numbers increase and are never reused.
   */
  ModelVersionInfo publishVersion(
      ModelName name,
      ParameterSetId parameterSet,
      String createdBy,
      InputStream client,
      InputStream server);

  /** The versions of model {@code name}, ascending. NOT_FOUND when the model does not exist. */
  List<ModelVersionInfo> listVersions(ModelName name);

  /** One version's metadata, if it exists. */
  Optional<ModelVersionInfo> version(ModelName name, ModelVersion version);

  /** A stream of one half of a version; the caller closes it. NOT_FOUND when absent. */
  InputStream openArtifact(ModelName name, ModelVersion version, ArtifactHalf half);

  /** Moves a version to {@code stage}. NOT_FOUND when absent. */
  ModelVersionInfo setStage(ModelName name, ModelVersion version, Stage stage);

  /** Deletes a version and its artifacts; false when there was none. */
  boolean deleteVersion(ModelName name, ModelVersion version);

  /**
   * Registers {@code schema} (already canonical) under {@code subject}. The same text under the
   * same subject answers the existing version; the same text under another subject gets the same id
   * and a new version there. Compatibility is checked by the caller, not here.
   */
  SchemaInfo registerSchema(Subject subject, String schema);

  /** The schema text with registry-wide id {@code id}, if any. */
  Optional<String> schemaById(int id);

  /** The latest version registered under {@code subject}, if any. */
  Optional<SchemaInfo> latestSchema(Subject subject);

  /** The version of {@code subject} whose text is {@code schema} (already canonical), if any. */
  Optional<SchemaInfo> findSchema(Subject subject, String schema);

  /** All subjects with at least one version, sorted. */
  List<Subject> subjects();

  /** Releases files, connections and pools. */
  @Override
  void close();
}
