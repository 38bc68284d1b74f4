package io.fhestreams.registry.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.largeobject.BlobOutputStream;
import org.postgresql.largeobject.LargeObject;
import org.postgresql.largeobject.LargeObjectManager;

/**
 * The store for shared deployments: PostgreSQL through a HikariCP pool, tables created by Flyway
 * migrations ({@code io/fhestreams/registry/store/migration}). Blobs are PostgreSQL large objects,
 * written and read through pgjdbc's {@link LargeObject} streams in chunks, so no blob is held whole
 * in memory (a {@code bytea} column would be: pgjdbc materializes the whole value when it reads a
 * row). A blob and its row are written in one transaction, so a failed upload leaves nothing.
 */
public final class PostgresRegistryStore implements RegistryStore {
  /** Serializes schema registrations (rare) so that ids and versions are assigned once. */
  private static final long SCHEMA_LOCK = 0x5343_4845_4d41L;

  /** Bytes per large-object round trip: held once per open stream, few round trips per blob. */
  private static final int CHUNK_BYTES = 256 * 1024;

  private final HikariDataSource pool;

  /** Connects, migrates the schema to the latest version and opens the pool. */
  public PostgresRegistryStore(PostgresSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    // A startup parameter, not SET: a SET inside a rolled-back transaction would be undone.
    config.addDataSourceProperty("currentSchema", settings.schema());
    config.setMaximumPoolSize(settings.maxPoolSize());
    config.setAutoCommit(false);
    config.setPoolName("fhe-registry");
    this.pool = new HikariDataSource(config);
    try {
      Flyway.configure()
          .dataSource(pool)
          .schemas(settings.schema())
          .locations("classpath:io/fhestreams/registry/store/migration")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  // ---------------------------------------------------------------- evaluation keys

  @Override
  public EvaluationKeyInfo putEvaluationKeys(
      ParameterSetId parameterSet, String owner, InputStream content) {
    EvaluationKeyInfo info;
    try (Connection c = pool.getConnection()) {
      try {
        long oid = largeObjects(c).createLO(LargeObjectManager.READWRITE);
        BlobInfo blob = writeLargeObject(c, oid, content);
        info =
            new EvaluationKeyInfo(
                KeyId.of(blob.sha256()), parameterSet, owner, blob.size(), Digests.now());
        int inserted;
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO evaluation_keys (id, parameter_set, owner, size, created_at, content)"
                    + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
          s.setString(1, info.id().hex());
          s.setString(2, parameterSet.value());
          s.setString(3, owner);
          s.setLong(4, blob.size());
          s.setString(5, info.createdAt());
          s.setLong(6, oid);
          inserted = s.executeUpdate();
        }
        if (inserted == 0) {
          // Another upload of the same bytes won (possibly concurrently: the insert waited for it);
          // rolling back drops our large object, so one copy remains.
          c.rollback();
          EvaluationKeyInfo existing =
              evaluationKeyInfo(info.id())
                  .orElseThrow(
                      () -> new IllegalStateException("evaluation keys vanished during upload"));
          return DirectoryRegistryStore.sameOwnerOrConflict(existing, parameterSet, owner);
        }
        c.commit();
        return info;
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw storageFailure("cannot store evaluation keys", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store evaluation keys", e);
    }
  }

  @Override
  public Optional<EvaluationKeyInfo> evaluationKeyInfo(KeyId id) {
    return query(
            "SELECT id, parameter_set, owner, size, created_at FROM evaluation_keys WHERE id = ?",
            s -> s.setString(1, id.hex()),
            r ->
                new EvaluationKeyInfo(
                    KeyId.of(r.getString(1)),
                    ParameterSetId.of(r.getString(2)),
                    r.getString(3),
                    r.getLong(4),
                    r.getString(5)))
        .stream()
        .findFirst();
  }

  @Override
  public InputStream openEvaluationKeys(KeyId id) {
    return openLargeObject(
        "SELECT content FROM evaluation_keys WHERE id = ?",
        s -> s.setString(1, id.hex()),
        "no evaluation keys with id " + id);
  }

  @Override
  public boolean deleteEvaluationKeys(KeyId id) {
    return inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM evaluation_keys WHERE id = ? RETURNING content")) {
            s.setString(1, id.hex());
            try (ResultSet r = s.executeQuery()) {
              if (!r.next()) {
                return false;
              }
              largeObjects(c).unlink(r.getLong(1));
              return true;
            }
          }
        });
  }

  // ---------------------------------------------------------------- models

  @Override
  public ModelInfo createModel(ModelName name, String description, String createdBy) {
    ModelInfo info =
        new ModelInfo(
            name, description == null ? "" : description, createdBy, Digests.now(), createdBy);
    int inserted =
        inTransaction(
            c -> {
              try (PreparedStatement s =
                  c.prepareStatement(
                      "INSERT INTO models (name, description, created_by, created_at, owner, next_version)"
                          + " VALUES (?, ?, ?, ?, ?, 1)"
                          + " ON CONFLICT (name) DO NOTHING")) {
                s.setString(1, name.value());
                s.setString(2, info.description());
                s.setString(3, createdBy);
                s.setString(4, info.createdAt());
                s.setString(5, createdBy);
                return s.executeUpdate();
              }
            });
    if (inserted == 0) {
      throw RegistryException.conflict("model '" + name + "' already exists");
    }
    return info;
  }

  private static final String MODEL_COLUMNS = "name, description, created_by, created_at, owner";

  private static ModelInfo modelRow(ResultSet r) throws SQLException {
    return new ModelInfo(
        ModelName.of(r.getString(1)),
        r.getString(2),
        r.getString(3),
        r.getString(4),
        r.getString(5));
  }

  @Override
  public ModelInfo transferOwnership(ModelName name, String newOwner) {
    List<ModelInfo> updated =
        query(
            "UPDATE models SET owner = ? WHERE name = ? RETURNING " + MODEL_COLUMNS,
            s -> {
              s.setString(1, newOwner);
              s.setString(2, name.value());
            },
            PostgresRegistryStore::modelRow);
    if (updated.isEmpty()) {
      throw RegistryException.notFound("no model '" + name + "'");
    }
    return updated.get(0);
  }

  @Override
  public List<ModelInfo> listModels() {
    return query(
        "SELECT " + MODEL_COLUMNS + " FROM models ORDER BY name",
        s -> {},
        PostgresRegistryStore::modelRow);
  }

  @Override
  public Optional<ModelInfo> model(ModelName name) {
    return query(
            "SELECT " + MODEL_COLUMNS + " FROM models WHERE name = ?",
            s -> s.setString(1, name.value()),
            PostgresRegistryStore::modelRow)
        .stream()
        .findFirst();
  }

  @Override
  public ModelVersionInfo publishVersion(
      ModelName name,
      ParameterSetId parameterSet,
      String createdBy,
      InputStream client,
      InputStream server) {
    if (model(name).isEmpty()) {
      throw RegistryException.notFound("no model '" + name + "'");
    }
    return inTransaction(
        c -> {
          LargeObjectManager objects = largeObjects(c);
          long clientOid = objects.createLO(LargeObjectManager.READWRITE);
          BlobInfo clientBlob = writeLargeObject(c, clientOid, client);
          long serverOid = objects.createLO(LargeObjectManager.READWRITE);
          BlobInfo serverBlob = writeLargeObject(c, serverOid, server);
          int number;
          // The row lock is taken after streaming, so a slow upload does not block other publishes.
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE models SET next_version = next_version + 1 WHERE name = ? RETURNING next_version - 1")) {
            s.setString(1, name.value());
            try (ResultSet r = s.executeQuery()) {
              if (!r.next()) {
                throw RegistryException.notFound("no model '" + name + "'");
              }
              number = r.getInt(1);
            }
          }
          ModelVersionInfo info =
              new ModelVersionInfo(
                  name,
                  ModelVersion.of(number),
                  parameterSet,
                  Stage.STAGING,
                  clientBlob,
                  serverBlob,
                  createdBy,
                  Digests.now());
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO model_versions (model, version, parameter_set, stage, client_sha256, client_size,"
                      + " client_content, server_sha256, server_size, server_content, created_by, created_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, name.value());
            s.setInt(2, number);
            s.setString(3, parameterSet.value());
            s.setString(4, info.stage().wireName());
            s.setString(5, clientBlob.sha256());
            s.setLong(6, clientBlob.size());
            s.setLong(7, clientOid);
            s.setString(8, serverBlob.sha256());
            s.setLong(9, serverBlob.size());
            s.setLong(10, serverOid);
            s.setString(11, createdBy);
            s.setString(12, info.createdAt());
            s.executeUpdate();
          }
          return info;
        });
  }

  private static final String VERSION_COLUMNS =
      "model, version, parameter_set, stage, client_sha256, client_size, server_sha256, server_size, created_by, created_at";

  private static ModelVersionInfo versionRow(ResultSet r) throws SQLException {
    return new ModelVersionInfo(
        ModelName.of(r.getString(1)),
        ModelVersion.of(r.getInt(2)),
        ParameterSetId.of(r.getString(3)),
        Stage.parse(r.getString(4)),
        new BlobInfo(r.getString(5), r.getLong(6)),
        new BlobInfo(r.getString(7), r.getLong(8)),
        r.getString(9),
        r.getString(10));
  }

  @Override
  public List<ModelVersionInfo> listVersions(ModelName name) {
    if (model(name).isEmpty()) {
      throw RegistryException.notFound("no model '" + name + "'");
    }
    return query(
        "SELECT " + VERSION_COLUMNS + " FROM model_versions WHERE model = ? ORDER BY version",
        s -> s.setString(1, name.value()),
        PostgresRegistryStore::versionRow);
  }

  @Override
  public Optional<ModelVersionInfo> version(ModelName name, ModelVersion version) {
    return query(
            "SELECT " + VERSION_COLUMNS + " FROM model_versions WHERE model = ? AND version = ?",
            s -> {
              s.setString(1, name.value());
              s.setInt(2, version.number());
            },
            PostgresRegistryStore::versionRow)
        .stream()
        .findFirst();
  }

  @Override
  public InputStream openArtifact(ModelName name, ModelVersion version, ArtifactHalf half) {
    return openLargeObject(
        "SELECT "
            + half.wireName()
            + "_content FROM model_versions WHERE model = ? AND version = ?",
        s -> {
          s.setString(1, name.value());
          s.setInt(2, version.number());
        },
        "no version " + version + " of model '" + name + "'");
  }

  @Override
  public ModelVersionInfo setStage(ModelName name, ModelVersion version, Stage stage) {
    int updated =
        inTransaction(
            c -> {
              try (PreparedStatement s =
                  c.prepareStatement(
                      "UPDATE model_versions SET stage = ? WHERE model = ? AND version = ?")) {
                s.setString(1, stage.wireName());
                s.setString(2, name.value());
                s.setInt(3, version.number());
                return s.executeUpdate();
              }
            });
    if (updated == 0) {
      throw RegistryException.notFound("no version " + version + " of model '" + name + "'");
    }
    return version(name, version).orElseThrow();
  }

  @Override
  public boolean deleteVersion(ModelName name, ModelVersion version) {
    return inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "DELETE FROM model_versions WHERE model = ? AND version = ? RETURNING client_content, server_content")) {
            s.setString(1, name.value());
            s.setInt(2, version.number());
            try (ResultSet r = s.executeQuery()) {
              if (!r.next()) {
                return false;
              }
              largeObjects(c).unlink(r.getLong(1));
              largeObjects(c).unlink(r.getLong(2));
              return true;
            }
          }
        });
  }

  // ---------------------------------------------------------------- schemas

  @Override
  public SchemaInfo registerSchema(Subject subject, String schema) {
    String sha = schemaDigest(schema);
    return inTransaction(
        c -> {
          try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            s.setLong(1, SCHEMA_LOCK);
            s.execute();
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO schemas (sha256, schema) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING")) {
            s.setString(1, sha);
            s.setString(2, schema);
            s.executeUpdate();
          }
          int id =
              single(c, "SELECT id FROM schemas WHERE sha256 = ?", s -> s.setString(1, sha))
                  .orElseThrow();
          Optional<Integer> existing =
              single(
                  c,
                  "SELECT version FROM subject_versions WHERE subject = ? AND schema_id = ?",
                  s -> {
                    s.setString(1, subject.value());
                    s.setInt(2, id);
                  });
          if (existing.isPresent()) {
            return new SchemaInfo(subject, existing.get(), id, schema);
          }
          int version =
              single(
                      c,
                      "SELECT COALESCE(MAX(version), 0) + 1 FROM subject_versions WHERE subject = ?",
                      s -> s.setString(1, subject.value()))
                  .orElseThrow();
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO subject_versions (subject, version, schema_id) VALUES (?, ?, ?)")) {
            s.setString(1, subject.value());
            s.setInt(2, version);
            s.setInt(3, id);
            s.executeUpdate();
          }
          return new SchemaInfo(subject, version, id, schema);
        });
  }

  @Override
  public Optional<String> schemaById(int id) {
    return query(
            "SELECT schema FROM schemas WHERE id = ?", s -> s.setInt(1, id), r -> r.getString(1))
        .stream()
        .findFirst();
  }

  private static String schemaDigest(String schema) {
    return HexFormat.of()
        .formatHex(Digests.sha256().digest(schema.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public Optional<SchemaInfo> findSchema(Subject subject, String schema) {
    String sha = schemaDigest(schema);
    return query(
            "SELECT v.version, s.id FROM subject_versions v JOIN schemas s ON s.id = v.schema_id"
                + " WHERE v.subject = ? AND s.sha256 = ?",
            s -> {
              s.setString(1, subject.value());
              s.setString(2, sha);
            },
            r -> new SchemaInfo(subject, r.getInt(1), r.getInt(2), schema))
        .stream()
        .findFirst();
  }

  @Override
  public Optional<SchemaInfo> latestSchema(Subject subject) {
    return query(
            "SELECT v.version, s.id, s.schema FROM subject_versions v JOIN schemas s ON s.id = v.schema_id"
                + " WHERE v.subject = ? ORDER BY v.version DESC LIMIT 1",
            s -> s.setString(1, subject.value()),
            r -> new SchemaInfo(subject, r.getInt(1), r.getInt(2), r.getString(3)))
        .stream()
        .findFirst();
  }

  @Override
  public List<Subject> subjects() {
    return query(
        "SELECT DISTINCT subject FROM subject_versions ORDER BY subject",
        s -> {},
        r -> Subject.of(r.getString(1)));
  }

  @Override
  public void close() {
    pool.close();
  }

  // ---------------------------------------------------------------- JDBC plumbing

  private interface Binder {
    void bind(PreparedStatement s) throws SQLException;
  }

  private interface RowMapper<T> {
    T map(ResultSet r) throws SQLException;
  }

  private interface Work<T> {
    T run(Connection c) throws SQLException, IOException;
  }

  private static LargeObjectManager largeObjects(Connection c) throws SQLException {
    return c.unwrap(PGConnection.class).getLargeObjectAPI();
  }

  private static BlobInfo writeLargeObject(Connection c, long oid, InputStream content)
      throws SQLException, IOException {
    LargeObject object = largeObjects(c).open(oid, LargeObjectManager.WRITE);
    // One lo_write round trip per chunk (pgjdbc's default chunk is 4 KiB); closing closes the
    // object.
    try (OutputStream out = new BlobOutputStream(object, CHUNK_BYTES)) {
      return Digests.copyHashing(content, out);
    }
  }

  private static Optional<Integer> single(Connection c, String sql, Binder binder)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      binder.bind(s);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getInt(1)) : Optional.empty();
      }
    }
  }

  private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
    return inTransaction(
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            try (ResultSet r = s.executeQuery()) {
              List<T> out = new ArrayList<>();
              while (r.next()) {
                out.add(mapper.map(r));
              }
              return out;
            }
          }
        });
  }

  private <T> T inTransaction(Work<T> work) {
    try (Connection c = pool.getConnection()) {
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw storageFailure("database operation failed", e);
    } catch (IOException e) {
      throw new UncheckedIOException("database blob transfer failed", e);
    }
  }

  /**
   * Opens the large object named by the first column of {@code sql}'s row; the connection stays
   * borrowed (inside its transaction) until the returned stream is closed.
   */
  private InputStream openLargeObject(String sql, Binder binder, String missing) {
    Connection c = null;
    try {
      c = pool.getConnection();
      long oid;
      try (PreparedStatement s = c.prepareStatement(sql)) {
        binder.bind(s);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) {
            throw RegistryException.notFound(missing);
          }
          oid = r.getLong(1);
        }
      }
      LargeObject object = largeObjects(c).open(oid, LargeObjectManager.READ);
      Connection borrowed = c;
      // One lo_read round trip per chunk (pgjdbc's default chunk is 1 KiB).
      return new FilterInputStream(object.getInputStream(CHUNK_BYTES, Long.MAX_VALUE)) {
        private boolean closed;

        @Override
        public void close() throws IOException {
          if (closed) {
            return;
          }
          closed = true;
          try {
            super.close();
            borrowed.commit();
          } catch (SQLException e) {
            throw new IOException("cannot end the read transaction", e);
          } finally {
            try {
              borrowed.close();
            } catch (SQLException e) {
              // The pool evicts a broken connection on its own.
            }
          }
        }
      };
    } catch (SQLException | RuntimeException e) {
      if (c != null) {
        try {
          c.rollback();
          c.close();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw storageFailure("cannot open a blob", (SQLException) e);
    }
  }

  private static RuntimeException storageFailure(String what, SQLException e) {
    return new IllegalStateException(what + ": " + e.getMessage(), e);
  }
}
