package io.fhestreams.registry.server;

import io.fhestreams.registry.store.PostgresTestDatabase;

/** Fails under CI when the PostgreSQL variables are missing, as the store tests do. */
final class PostgresTestDatabaseCheck {
  private PostgresTestDatabaseCheck() {}

  static void requireUnderCi() {
    if (System.getenv("FHE_TEST_POSTGRES_URL") == null
        && "true".equalsIgnoreCase(System.getenv("CI"))) {
      PostgresTestDatabase.fromEnvironment();
    }
  }
}
