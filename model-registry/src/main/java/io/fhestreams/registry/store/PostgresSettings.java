package io.fhestreams.registry.store;

/**
 * Where the PostgreSQL store connects.
 *
 * @param jdbcUrl e.g. {@code jdbc:postgresql://localhost:5432/fhe}
 * @param user database role
 * @param password its password (never logged; {@link #toString()} hides it)
 * @param schema the schema holding the registry's tables (created by the migrations)
 * @param maxPoolSize upper bound of pooled connections, at least 2 (a download holds one while it
 *     streams)
 */
public record PostgresSettings(
    String jdbcUrl, String user, String password, String schema, int maxPoolSize) {
  /** Checks the fields. */
  public PostgresSettings {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "jdbcUrl must start with jdbc:postgresql:, found " + jdbcUrl);
    }
    if (schema == null || !schema.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException(
          "schema must match [a-z_][a-z0-9_]{0,62}, found " + schema);
    }
    if (maxPoolSize < 2) {
      throw new IllegalArgumentException("maxPoolSize must be >= 2, found " + maxPoolSize);
    }
  }

  @Override
  public String toString() {
    return "PostgresSettings[jdbcUrl="
        + jdbcUrl
        + ", user="
        + user
        + ", password=***, schema="
        + schema
        + ", maxPoolSize="
        + maxPoolSize
        + "]";
  }
}
