package io.fhestreams.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.registry.api.EvaluationKeyInfo;
import io.fhestreams.registry.api.ParameterSetId;
import io.fhestreams.registry.auth.Role;
import io.fhestreams.registry.auth.TokenAuthenticator;
import io.fhestreams.registry.auth.TokenEntry;
import io.fhestreams.registry.client.RegistryClient;
import io.fhestreams.registry.store.DirectoryRegistryStore;
import io.fhestreams.registry.store.PostgresRegistryStore;
import io.fhestreams.registry.store.PostgresSettings;
import io.fhestreams.registry.store.RegistryStore;
import io.fhestreams.registry.validation.ArtifactLoadingValidator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 94 MB evaluation-key blob (plain keys of the 4-bit set, checked against the set at upload) up
 * and down through the client and server on loopback, checked byte for byte, in a JVM whose whole
 * heap ({@value #HEAP}) is smaller than the blob: it passes only if neither the server, the store
 * nor the client holds the blob in memory. Prints throughput and the sampled heap (client and
 * server share the JVM). No timing assertion.
 *
 * <p>Also a tool: {@code main(directory|postgres, workDir)} runs one transfer in the current JVM.
 */
class LargeKeyTransferTest {
  static final String HEAP = "-Xmx40m";

  @TempDir Path dir;

  @Test
  void shouldCheckAndMoveA94MbKeyOnTheDirectoryStoreWithoutHoldingItInMemory() throws Exception {
    fork("directory");
  }

  @Test
  void shouldCheckAndMoveA94MbKeyOnThePostgresStoreWithoutHoldingItInMemory() throws Exception {
    PostgresTestDatabaseCheck.requireUnderCi();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getenv("FHE_TEST_POSTGRES_URL") != null, "FHE_TEST_POSTGRES_URL is not set");
    fork("postgres");
  }

  /** Runs {@link #main} in a new JVM with a heap smaller than the blob. */
  private void fork(String store) throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP,
                "-cp",
                System.getProperty("java.class.path"),
                LargeKeyTransferTest.class.getName(),
                store,
                dir.toString())
            .redirectErrorStream(true)
            .start();
    String output =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    int exit = p.waitFor();
    System.out.print(
        output
            .lines()
            .filter(l -> l.startsWith("registry transfer"))
            .map(l -> l + System.lineSeparator())
            .reduce("", String::concat));
    assertThat(exit).as(output).isZero();
    assertThat(output).contains("registry transfer [" + store + " store] 93.7 MB key");
  }

  /** One transfer on the {@code args[0]} store, with scratch files under {@code args[1]}. */
  public static void main(String[] args) throws Exception {
    LargeKeyTransferTest t = new LargeKeyTransferTest();
    t.dir = Path.of(args[1]);
    if (args[0].equals("directory")) {
      t.transfer("directory", new DirectoryRegistryStore(t.dir.resolve("store")));
    } else {
      t.postgres();
    }
  }

  private void postgres() throws Exception {
    String url = System.getenv("FHE_TEST_POSTGRES_URL");
    PostgresSettings settings =
        new PostgresSettings(
            url,
            System.getenv().getOrDefault("FHE_TEST_POSTGRES_USER", "fhe"),
            System.getenv().getOrDefault("FHE_TEST_POSTGRES_PASSWORD", "fhe"),
            "t_" + UUID.randomUUID().toString().replace("-", ""),
            4);
    try {
      transfer("postgres", new PostgresRegistryStore(settings));
    } finally {
      try (var c = java.sql.DriverManager.getConnection(url, settings.user(), settings.password());
          var s = c.createStatement()) {
        s.execute("SELECT lo_unlink(content) FROM " + settings.schema() + ".evaluation_keys");
        s.execute("DROP SCHEMA " + settings.schema() + " CASCADE");
      }
    }
  }

  private void transfer(String storeName, RegistryStore store) throws Exception {
    // plain keys of the 4-bit set (the largest upload a key owner makes), checked at upload
    Path keys = dir.resolve("keys.bin");
    try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(keys))) {
      TestBlobs.writeKeys(out, ParameterSets.byId(TestBlobs.PS), false, 99, -1);
    }
    long size = Files.size(keys);
    RegistryConfig config =
        RegistryConfig.inDirectory(
                dir,
                List.of(
                    new TokenEntry(
                        "alice", TokenAuthenticator.hashToken("a"), List.of(Role.KEY_OWNER))))
            .withMaxUploadBytes(size + 1);
    try (RegistryServer server =
        RegistryServer.start(config, store, new ArtifactLoadingValidator())) {
      RegistryClient client = RegistryClient.builder(server.uri()).token("a").build();
      HeapSampler heap = HeapSampler.start();
      long t0 = System.nanoTime();
      EvaluationKeyInfo info = client.uploadEvaluationKeys(keys, ParameterSetId.of(TestBlobs.PS));
      long t1 = System.nanoTime();
      Path copy = dir.resolve("copy.bin");
      client.downloadEvaluationKeys(info.id(), copy);
      long t2 = System.nanoTime();
      long peak = heap.stop();

      assertThat(info.id().hex()).isEqualTo(sha256(keys));
      assertThat(Files.mismatch(keys, copy)).isEqualTo(-1);
      double mb = size / 1e6;
      System.out.printf(
          "registry transfer [%s store] %.1f MB key: upload %.1f MB/s, download %.1f MB/s,"
              + " heap used: peak %.1f MB, idle %.1f MB, max %.1f MB (client and server in one JVM)%n",
          storeName,
          mb,
          mb / ((t1 - t0) / 1e9),
          mb / ((t2 - t1) / 1e9),
          peak / 1e6,
          heap.baseline / 1e6,
          Runtime.getRuntime().maxMemory() / 1e6);
    }
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (var in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Samples used heap every 5 ms; the baseline is taken after a GC, before the transfer. */
  static final class HeapSampler {
    final long baseline;
    final AtomicLong peak = new AtomicLong();
    final AtomicBoolean running = new AtomicBoolean(true);
    final Thread thread;

    private HeapSampler(long baseline) {
      this.baseline = baseline;
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      this.thread =
          new Thread(
              () -> {
                while (running.get()) {
                  peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                  try {
                    Thread.sleep(5);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "heap-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    static HeapSampler start() {
      System.gc();
      return new HeapSampler(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    long stop() throws InterruptedException {
      running.set(false);
      thread.join();
      return peak.get();
    }
  }
}
