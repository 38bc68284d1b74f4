package io.fhestreams.schemas.serde;

/** Builds the {@link SchemaRegistryClient} that a {@link SchemaRegistryConfig} names. */
public final class SchemaRegistryClients {

  private SchemaRegistryClients() {}

  /**
   * The in-process registry of the scope for {@code mock://SCOPE} URLs, otherwise a cached HTTP
   * client.
   */
  public static SchemaRegistryClient create(SchemaRegistryConfig config) {
    if (config.isMock()) {
      return InMemorySchemaRegistry.forScope(config.mockScope());
    }
    return new CachedSchemaRegistryClient(new RestSchemaRegistryClient(config));
  }
}
