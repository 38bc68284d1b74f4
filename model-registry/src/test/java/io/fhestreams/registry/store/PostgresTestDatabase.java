package io.fhestreams.registry.store;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL server for tests: from a Testcontainers container or from the environment ({@code
 * FHE_TEST_POSTGRES_URL}, {@code FHE_TEST_POSTGRES_USER}, {@code FHE_TEST_POSTGRES_PASSWORD}). Each
 * {@link #newSchema()} gives a fresh schema so that tests never see each other's rows.
 */
public record PostgresTestDatabase(String url, String user, String password) {

  /** The server named by the environment; under CI a missing variable fails instead of skipping. */
  public static PostgresTestDatabase fromEnvironment() {
    String url = System.getenv("FHE_TEST_POSTGRES_URL");
    if (url == null || url.isBlank()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(
            "CI=true but FHE_TEST_POSTGRES_URL is not set: the PostgreSQL store tests must run under CI"
                + " (.ci/run starts a local server and exports it)");
      }
      Assumptions.abort("FHE_TEST_POSTGRES_URL is not set: no local PostgreSQL to test against");
    }
    return new PostgresTestDatabase(
        url,
        System.getenv().getOrDefault("FHE_TEST_POSTGRES_USER", "fhe"),
        System.getenv().getOrDefault("FHE_TEST_POSTGRES_PASSWORD", "fhe"));
  }

  /** Settings for a new schema with a random name. */
  public PostgresSettings newSchema() {
    return newSchema(8);
  }

  /** Settings for a new schema with a random name and a pool of {@code poolSize}. */
  public PostgresSettings newSchema(int poolSize) {
    return new PostgresSettings(
        url, user, password, "t_" + UUID.randomUUID().toString().replace("-", ""), poolSize);
  }

  /** How many large objects the schema's tables reference. */
  long referencedLargeObjects(PostgresSettings s, String table, String column) throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement st = c.createStatement();
        ResultSet r =
            st.executeQuery(
                "SELECT count(*) FROM pg_largeobject_metadata m JOIN "
                    + s.schema()
                    + "."
                    + table
                    + " t ON t."
                    + column
                    + " = m.oid")) {
      r.next();
      return r.getLong(1);
    }
  }

  /** How many large objects exist in the whole database. */
  long allLargeObjects() throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement st = c.createStatement();
        ResultSet r = st.executeQuery("SELECT count(*) FROM pg_largeobject_metadata")) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Unlinks the schema's large objects and drops it. */
  public void drop(PostgresSettings s) throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement st = c.createStatement()) {
      st.execute("SELECT lo_unlink(content) FROM " + s.schema() + ".evaluation_keys");
      st.execute(
          "SELECT lo_unlink(client_content), lo_unlink(server_content) FROM "
              + s.schema()
              + ".model_versions");
      st.execute("DROP SCHEMA " + s.schema() + " CASCADE");
    }
  }
}
