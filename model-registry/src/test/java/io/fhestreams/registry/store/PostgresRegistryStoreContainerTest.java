package io.fhestreams.registry.store;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The shared store suite on a throw-away PostgreSQL container, where a Docker engine exists. */
@Testcontainers(disabledWithoutDocker = true)
class PostgresRegistryStoreContainerTest extends PostgresRegistryStoreTest {
  @Container
  static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:15-alpine");

  @Override
  PostgresTestDatabase database() {
    return new PostgresTestDatabase(
        POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), POSTGRES.getPassword());
  }
}
