package io.fhestreams.registry.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared store suite on a directory, plus what is specific to files. */
class DirectoryRegistryStoreTest extends RegistryStoreContract {
  @TempDir Path dir;

  @Override
  RegistryStore openFresh() {
    return new DirectoryRegistryStore(dir);
  }

  @Override
  RegistryStore reopen() {
    return new DirectoryRegistryStore(dir);
  }

  @Override
  long storedKeyCopies() throws Exception {
    try (Stream<Path> files = Files.list(dir.resolve("keys"))) {
      return files.filter(p -> p.toString().endsWith(".bin")).count();
    }
  }

  @Test
  void shouldDiscardPartialWritesLeftByACrash() throws Exception {
    Path leftover = dir.resolve("tmp").resolve("half-written");
    Files.write(leftover, new byte[100]);
    store.close();
    store = reopen();
    assertThat(leftover).doesNotExist();
  }

  @Test
  void shouldReadAModelStoredBeforeOwnersExistedAsOwnedByItsCreator() throws Exception {
    Path modelDir = Files.createDirectories(dir.resolve("models").resolve(MODEL.value()));
    // model.json as registries wrote it before a model had an owner.
    Files.writeString(
        modelDir.resolve("model.json"),
        "{\"info\":{\"name\":\"credit-scoring\",\"description\":\"old\","
            + "\"createdBy\":\"pub\",\"createdAt\":\"2026-01-01T00:00:00Z\"},\"nextVersion\":3}");
    assertThat(store.model(MODEL))
        .hasValueSatisfying(
            m -> {
              assertThat(m.owner()).isEqualTo("pub");
              assertThat(m.description()).isEqualTo("old");
            });
    assertThat(store.transferOwnership(MODEL, "ops").owner()).isEqualTo("ops");
    assertThat(
            store
                .publishVersion(
                    MODEL,
                    PS,
                    "ops",
                    new java.io.ByteArrayInputStream(new byte[1]),
                    new java.io.ByteArrayInputStream(new byte[1]))
                .version()
                .number())
        .isEqualTo(3);
  }

  @Test
  void shouldLeaveNoTemporaryFilesAfterWrites() throws Exception {
    store.createModel(MODEL, "", "pub");
    store.publishVersion(
        MODEL,
        PS,
        "pub",
        new java.io.ByteArrayInputStream(new byte[10]),
        new java.io.ByteArrayInputStream(new byte[10]));
    store.putEvaluationKeys(PS, "alice", new java.io.ByteArrayInputStream(new byte[10]));
    try (Stream<Path> files = Files.list(dir.resolve("tmp"))) {
      assertThat(files).isEmpty();
    }
  }
}
