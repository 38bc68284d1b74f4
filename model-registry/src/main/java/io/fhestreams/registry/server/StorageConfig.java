package io.fhestreams.registry.server;

import io.fhestreams.registry.store.DirectoryRegistryStore;
import io.fhestreams.registry.store.PostgresRegistryStore;
import io.fhestreams.registry.store.PostgresSettings;
import io.fhestreams.registry.store.RegistryStore;
import java.nio.file.Path;

/**
 * Which store the registry uses.
 *
 * @param type {@code directory} (the default) or {@code postgres}
 * @param directory the directory of a {@code directory} store (default {@code registry-data})
 * @param postgres the connection of a {@code postgres} store
 */
public record StorageConfig(String type, String directory, PostgresSettings postgres) {
  /** Fills defaults and checks that the chosen type has its settings. */
  public StorageConfig {
    type = type == null ? "directory" : type;
    switch (type) {
      case "directory" -> directory = directory == null ? "registry-data" : directory;
      case "postgres" -> {
        if (postgres == null) {
          throw new IllegalArgumentException("storage type 'postgres' needs a 'postgres' section");
        }
      }
      default ->
          throw new IllegalArgumentException(
              "storage type must be 'directory' or 'postgres', found '" + type + "'");
    }
  }

  /** A directory store in {@code dir}. */
  public static StorageConfig directory(Path dir) {
    return new StorageConfig("directory", dir.toString(), null);
  }

  /** Opens the configured store. */
  public RegistryStore open() {
    return type.equals("postgres")
        ? new PostgresRegistryStore(postgres)
        : new DirectoryRegistryStore(Path.of(directory));
  }
}
