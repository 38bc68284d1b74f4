package io.fhestreams.registry.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fhestreams.registry.api.ArtifactHalf;
import io.fhestreams.registry.api.BlobInfo;
import io.fhestreams.registry.api.EvaluationKeyInfo;
import io.fhestreams.registry.api.KeyId;
import io.fhestreams.registry.api.ModelInfo;
import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.ModelVersion;
import io.fhestreams.registry.api.ModelVersionInfo;
import io.fhestreams.registry.api.ParameterSetId;
import io.fhestreams.registry.api.RegistryException;
import io.fhestreams.registry.api.SchemaInfo;
import io.fhestreams.registry.api.Stage;
import io.fhestreams.registry.api.Subject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The default store: one directory, laid out as
 *
 * <pre>
 * tmp/                         partial writes; emptied at start
 * keys/{id}.bin, {id}.json     evaluation keys and their metadata
 * models/{name}/model.json     a model (with its next version number)
 * models/{name}/{v}/           version.json, client.bin, server.bin
 * schemas.json                 every schema and subject version (small)
 * </pre>
 *
 * Every file is written into {@code tmp/}, forced to disk, then renamed into place, so a crash
 * leaves the old state or the new one. A version's directory is assembled in {@code tmp/} and
 * renamed whole. Metadata changes are serialized by one lock (this store assumes it is the only
 * process writing the directory); blobs are streamed outside it.
 */
public final class DirectoryRegistryStore implements RegistryStore {
  private static final String BIN = ".bin";
  private static final String JSON = ".json";

  private final Path root;
  private final Path tmp;
  private final Path keys;
  private final Path models;
  private final Path schemasFile;
  private final ObjectMapper json =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final Object lock = new Object();
  private SchemaBook schemas;

  /**
   * Opens (creating when needed) the store in {@code root} and discards partial writes of a crash.
   */
  public DirectoryRegistryStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
    this.tmp = this.root.resolve("tmp");
    this.keys = this.root.resolve("keys");
    this.models = this.root.resolve("models");
    this.schemasFile = this.root.resolve("schemas.json");
    try {
      Files.createDirectories(tmp);
      Files.createDirectories(keys);
      Files.createDirectories(models);
      deleteContents(tmp);
      schemas =
          Files.exists(schemasFile)
              ? json.readValue(schemasFile.toFile(), SchemaBook.class)
              : SchemaBook.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open registry directory " + this.root, e);
    }
  }

  /** The directory this store lives in. */
  public Path root() {
    return root;
  }

  // ---------------------------------------------------------------- evaluation keys

  @Override
  public EvaluationKeyInfo putEvaluationKeys(
      ParameterSetId parameterSet, String owner, InputStream content) {
    Path staged = newTemp();
    try {
      BlobInfo blob = writeDurably(staged, content);
      KeyId id = KeyId.of(blob.sha256());
      synchronized (lock) {
        Optional<EvaluationKeyInfo> existing = evaluationKeyInfo(id);
        if (existing.isPresent()) {
          return sameOwnerOrConflict(existing.get(), parameterSet, owner);
        }
        EvaluationKeyInfo info =
            new EvaluationKeyInfo(id, parameterSet, owner, blob.size(), Digests.now());
        Files.move(staged, keyBlob(id), StandardCopyOption.ATOMIC_MOVE);
        writeJson(keyMeta(id), info);
        return info;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store evaluation keys", e);
    } finally {
      deleteQuietly(staged);
    }
  }

  static EvaluationKeyInfo sameOwnerOrConflict(
      EvaluationKeyInfo existing, ParameterSetId parameterSet, String owner) {
    if (!existing.owner().equals(owner)) {
      throw RegistryException.conflict(
          "evaluation keys " + existing.id() + " were already uploaded by another owner");
    }
    if (!existing.parameterSet().equals(parameterSet)) {
      throw RegistryException.conflict(
          "evaluation keys "
              + existing.id()
              + " are stored for parameter set "
              + existing.parameterSet()
              + ", not "
              + parameterSet);
    }
    return existing;
  }

  @Override
  public Optional<EvaluationKeyInfo> evaluationKeyInfo(KeyId id) {
    return readJson(keyMeta(id), EvaluationKeyInfo.class);
  }

  @Override
  public InputStream openEvaluationKeys(KeyId id) {
    if (evaluationKeyInfo(id).isEmpty()) {
      throw RegistryException.notFound("no evaluation keys with id " + id);
    }
    return openOrNotFound(keyBlob(id), "no evaluation keys with id " + id);
  }

  @Override
  public boolean deleteEvaluationKeys(KeyId id) {
    synchronized (lock) {
      try {
        // Metadata first: once it is gone the keys no longer exist for readers.
        boolean existed = Files.deleteIfExists(keyMeta(id));
        Files.deleteIfExists(keyBlob(id));
        return existed;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete evaluation keys " + id, e);
      }
    }
  }

  // ---------------------------------------------------------------- models

  /** What model.json holds: the public record plus the next version number. */
  record ModelFile(ModelInfo info, int nextVersion) {}

  @Override
  public ModelInfo createModel(ModelName name, String description, String createdBy) {
    synchronized (lock) {
      Path dir = modelDir(name);
      if (Files.exists(dir.resolve("model.json"))) {
        throw RegistryException.conflict("model '" + name + "' already exists");
      }
      ModelInfo info =
          new ModelInfo(
              name, description == null ? "" : description, createdBy, Digests.now(), createdBy);
      try {
        Files.createDirectories(dir);
        writeJson(dir.resolve("model.json"), new ModelFile(info, 1));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create model " + name, e);
      }
      return info;
    }
  }

  @Override
  public List<ModelInfo> listModels() {
    List<ModelInfo> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(models)) {
      for (Path dir : dirs) {
        readJson(dir.resolve("model.json"), ModelFile.class).ifPresent(f -> out.add(f.info()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list models", e);
    }
    out.sort(Comparator.comparing(m -> m.name().value()));
    return out;
  }

  @Override
  public Optional<ModelInfo> model(ModelName name) {
    return readJson(modelDir(name).resolve("model.json"), ModelFile.class).map(ModelFile::info);
  }

  @Override
  public ModelInfo transferOwnership(ModelName name, String newOwner) {
    synchronized (lock) {
      Path modelFile = modelDir(name).resolve("model.json");
      ModelFile model =
          readJson(modelFile, ModelFile.class)
              .orElseThrow(() -> RegistryException.notFound("no model '" + name + "'"));
      ModelInfo transferred = model.info().withOwner(newOwner);
      try {
        writeJson(modelFile, new ModelFile(transferred, model.nextVersion()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot transfer model " + name, e);
      }
      return transferred;
    }
  }

  @Override
  public ModelVersionInfo publishVersion(
      ModelName name,
      ParameterSetId parameterSet,
      String createdBy,
      InputStream client,
      InputStream server) {
    requireModel(name);
    Path staged = newTemp();
    try {
      Files.createDirectory(staged);
      BlobInfo clientBlob = writeDurably(staged.resolve("client.bin"), client);
      BlobInfo serverBlob = writeDurably(staged.resolve("server.bin"), server);
      synchronized (lock) {
        Path modelFile = modelDir(name).resolve("model.json");
        ModelFile model =
            readJson(modelFile, ModelFile.class)
                .orElseThrow(() -> RegistryException.notFound("no model '" + name + "'"));
        ModelVersion version = ModelVersion.of(model.nextVersion());
        ModelVersionInfo info =
            new ModelVersionInfo(
                name,
                version,
                parameterSet,
                Stage.STAGING,
                clientBlob,
                serverBlob,
                createdBy,
                Digests.now());
        writeJson(staged.resolve("version.json"), info);
        // The number is taken before the directory appears, so a crash in between wastes a number
        // but never reuses one.
        writeJson(modelFile, new ModelFile(model.info(), model.nextVersion() + 1));
        Files.move(staged, versionDir(name, version), StandardCopyOption.ATOMIC_MOVE);
        return info;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish a version of model " + name, e);
    } finally {
      deleteTree(staged);
    }
  }

  @Override
  public List<ModelVersionInfo> listVersions(ModelName name) {
    requireModel(name);
    List<ModelVersionInfo> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs =
        Files.newDirectoryStream(modelDir(name), Files::isDirectory)) {
      for (Path dir : dirs) {
        readJson(dir.resolve("version.json"), ModelVersionInfo.class).ifPresent(out::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list versions of model " + name, e);
    }
    out.sort(Comparator.comparingInt(v -> v.version().number()));
    return out;
  }

  @Override
  public Optional<ModelVersionInfo> version(ModelName name, ModelVersion version) {
    return readJson(versionDir(name, version).resolve("version.json"), ModelVersionInfo.class);
  }

  @Override
  public InputStream openArtifact(ModelName name, ModelVersion version, ArtifactHalf half) {
    String missing = "no version " + version + " of model '" + name + "'";
    if (version(name, version).isEmpty()) {
      throw RegistryException.notFound(missing);
    }
    return openOrNotFound(versionDir(name, version).resolve(half.wireName() + BIN), missing);
  }

  @Override
  public ModelVersionInfo setStage(ModelName name, ModelVersion version, Stage stage) {
    synchronized (lock) {
      ModelVersionInfo info =
          version(name, version)
              .orElseThrow(
                  () ->
                      RegistryException.notFound(
                          "no version " + version + " of model '" + name + "'"));
      ModelVersionInfo moved = info.withStage(stage);
      try {
        writeJson(versionDir(name, version).resolve("version.json"), moved);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot set the stage of " + name + " version " + version, e);
      }
      return moved;
    }
  }

  @Override
  public boolean deleteVersion(ModelName name, ModelVersion version) {
    Path trash = newTemp();
    synchronized (lock) {
      try {
        Files.move(versionDir(name, version), trash, StandardCopyOption.ATOMIC_MOVE);
      } catch (NoSuchFileException e) {
        return false;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete " + name + " version " + version, e);
      }
    }
    deleteTree(trash);
    return true;
  }

  // ---------------------------------------------------------------- schemas

  /**
   * What schemas.json holds.
   *
   * @param schemas schema text by id (ids from 1, in order)
   * @param subjects for each subject, the schema id of each version (version = index + 1)
   */
  record SchemaBook(List<String> schemas, Map<String, List<Integer>> subjects) {
    static SchemaBook empty() {
      return new SchemaBook(List.of(), Map.of());
    }
  }

  @Override
  public SchemaInfo registerSchema(Subject subject, String schema) {
    synchronized (lock) {
      List<String> texts = new ArrayList<>(schemas.schemas());
      Map<String, List<Integer>> subjects = new TreeMap<>(schemas.subjects());
      int id = texts.indexOf(schema) + 1;
      List<Integer> versions = new ArrayList<>(subjects.getOrDefault(subject.value(), List.of()));
      if (id > 0 && versions.contains(id)) {
        return new SchemaInfo(subject, versions.indexOf(id) + 1, id, schema);
      }
      if (id == 0) {
        texts.add(schema);
        id = texts.size();
      }
      versions.add(id);
      subjects.put(subject.value(), versions);
      SchemaBook next = new SchemaBook(texts, new LinkedHashMap<>(subjects));
      try {
        writeJson(schemasFile, next);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot register a schema under " + subject, e);
      }
      schemas = next;
      return new SchemaInfo(subject, versions.size(), id, schema);
    }
  }

  @Override
  public Optional<String> schemaById(int id) {
    synchronized (lock) {
      return id >= 1 && id <= schemas.schemas().size()
          ? Optional.of(schemas.schemas().get(id - 1))
          : Optional.empty();
    }
  }

  @Override
  public Optional<SchemaInfo> findSchema(Subject subject, String schema) {
    synchronized (lock) {
      int id = schemas.schemas().indexOf(schema) + 1;
      int version = schemas.subjects().getOrDefault(subject.value(), List.of()).indexOf(id) + 1;
      return id > 0 && version > 0
          ? Optional.of(new SchemaInfo(subject, version, id, schema))
          : Optional.empty();
    }
  }

  @Override
  public Optional<SchemaInfo> latestSchema(Subject subject) {
    synchronized (lock) {
      List<Integer> versions = schemas.subjects().get(subject.value());
      if (versions == null || versions.isEmpty()) {
        return Optional.empty();
      }
      int id = versions.get(versions.size() - 1);
      return Optional.of(
          new SchemaInfo(subject, versions.size(), id, schemas.schemas().get(id - 1)));
    }
  }

  @Override
  public List<Subject> subjects() {
    synchronized (lock) {
      return schemas.subjects().keySet().stream().sorted().map(Subject::of).toList();
    }
  }

  @Override
  public void close() {
    // Nothing is held open between calls.
  }

  // ---------------------------------------------------------------- files

  private void requireModel(ModelName name) {
    if (model(name).isEmpty()) {
      throw RegistryException.notFound("no model '" + name + "'");
    }
  }

  private Path keyBlob(KeyId id) {
    return keys.resolve(id.hex() + BIN);
  }

  private Path keyMeta(KeyId id) {
    return keys.resolve(id.hex() + JSON);
  }

  private Path modelDir(ModelName name) {
    return models.resolve(name.value());
  }

  private Path versionDir(ModelName name, ModelVersion version) {
    return modelDir(name).resolve(Integer.toString(version.number()));
  }

  private Path newTemp() {
    return tmp.resolve(java.util.UUID.randomUUID().toString());
  }

  /**
   * Writes {@code content} to {@code target}, forcing it to disk, and answers its digest and size.
   */
  private static BlobInfo writeDurably(Path target, InputStream content) throws IOException {
    try (FileChannel channel =
        FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      OutputStream out = Channels.newOutputStream(channel);
      BlobInfo info = Digests.copyHashing(content, out);
      channel.force(true);
      return info;
    }
  }

  /**
   * Writes {@code value} as JSON to a temporary file, forces it, then renames it over {@code
   * target}.
   */
  private void writeJson(Path target, Object value) throws IOException {
    Path staged = newTemp();
    try {
      try (FileChannel channel =
          FileChannel.open(staged, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        channel.write(java.nio.ByteBuffer.wrap(json.writeValueAsBytes(value)));
        channel.force(true);
      }
      Files.move(
          staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      deleteQuietly(staged);
    }
  }

  private <T> Optional<T> readJson(Path file, Class<T> type) {
    try {
      return Optional.of(json.readValue(Files.readAllBytes(file), type));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root.relativize(file), e);
    }
  }

  private static InputStream openOrNotFound(Path file, String missing) {
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw RegistryException.notFound(missing);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A leftover in tmp/ is removed at the next start.
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(DirectoryRegistryStore::deleteQuietly);
    } catch (IOException e) {
      // A leftover in tmp/ is removed at the next start.
    }
  }

  private static void deleteContents(Path dir) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        deleteTree(entry);
      }
    }
  }
}
