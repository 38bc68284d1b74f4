package io.fhestreams.registry.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
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
  void shouldLeaveNoOrphanLargeObjectWhenTheSameKeysAreUploadedTwice() throws Exception {
    byte[] keys = randomBytes(42, 10_000);
    long before = database.allLargeObjects();
    store.putEvaluationKeys(PS, "alice", new ByteArrayInputStream(keys));
    store.putEvaluationKeys(PS, "alice", new ByteArrayInputStream(keys));
    assertThat(database.allLargeObjects() - before).isEqualTo(1);
  }
}
