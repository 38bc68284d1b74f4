package io.fhestreams.registry.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shared store suite on the local PostgreSQL server named by {@code FHE_TEST_POSTGRES_URL}
 * (skipped without it, except under CI where it fails). {@link PostgresRegistryStoreContainerTest}
 * runs the same suite on a Testcontainers server where Docker exists.
 */
class PostgresRegistryStoreTest extends RegistryStoreContract {
  PostgresTestDatabase database;
  PostgresSettings settings;

  PostgresTestDatabase database() {
    return PostgresTestDatabase.fromEnvironment();
  }

  @Override
  RegistryStore openFresh() {
    database = database();
    settings = database.newSchema();
    return new PostgresRegistryStore(settings);
  }

  @Override
  RegistryStore reopen() {
    return new PostgresRegistryStore(settings);
  }

  @Override
  long storedKeyCopies() throws Exception {
    return database.referencedLargeObjects(settings, "evaluation_keys", "content");
  }

  @AfterEach
  void dropSchema() throws Exception {
    if (settings != null) {
      store.close();
      database.drop(settings);
    }
  }

  @Test
  void shouldMigrateModelsStoredBeforeOwnersExistedToTheirCreator() throws Exception {
    store.close();
    // A schema at version 1 (before owners) with one model, then the store migrates it.
    PostgresSettings legacy = database.newSchema();
    try {
      Flyway.configure()
          .dataSource(database.url(), database.user(), database.password())
          .schemas(legacy.schema())
          .locations("classpath:io/fhestreams/registry/store/migration")
          .target(MigrationVersion.fromVersion("1"))
          .load()
          .migrate();
      try (Connection c =
              DriverManager.getConnection(database.url(), database.user(), database.password());
          Statement st = c.createStatement()) {
        st.execute(
            "INSERT INTO "
                + legacy.schema()
                + ".models (name, description, created_by, created_at, next_version)"
                + " VALUES ('credit-scoring', 'old', 'pub', '2026-01-01T00:00:00Z', 1)");
      }
      try (PostgresRegistryStore migrated = new PostgresRegistryStore(legacy)) {
        assertThat(migrated.model(MODEL))
            .hasValueSatisfying(m -> assertThat(m.owner()).isEqualTo("pub"));
        assertThat(migrated.transferOwnership(MODEL, "ops").owner()).isEqualTo("ops");
      }
    } finally {
      database.drop(legacy);
      store = reopen();
    }
  }

  @Test
  void shouldLeaveNoOrphanLargeObjectWhenTheSameKeysAreUploadedTwice() throws Exception {
    byte[] keys = randomBytes(42, 10_000);
    long before = database.allLargeObjects();
    store.putEvaluationKeys(PS, "alice", new ByteArrayInputStream(keys));
    store.putEvaluationKeys(PS, "alice", new ByteArrayInputStream(keys));
    assertThat(database.allLargeObjects() - before).isEqualTo(1);
  }
}
