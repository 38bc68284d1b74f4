package io.fhestreams.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ByteBoundedCacheTest {

  static BlobDecoder.Decoded<String> sized(String value, long bytes) {
    return new BlobDecoder.Decoded<>(value, bytes);
  }

  @Test
  void shouldEvictLeastRecentlyUsedEntriesToStayWithinTheByteBound() {
    ByteBoundedCache<String, String> cache = new ByteBoundedCache<>(100);
    cache.get("a", () -> sized("A", 40));
    cache.get("b", () -> sized("B", 40));
    cache.get("a", () -> sized("never", 1)); // a is now the most recent
    cache.get("c", () -> sized("C", 40)); // 120 > 100: b goes
    assertThat(cache.stats()).isEqualTo(new CacheStats(1, 3, 1, 2, 80, 100));
    AtomicInteger loads = new AtomicInteger();
    assertThat(cache.get("a", () -> sized("reloaded" + loads.incrementAndGet(), 40)))
        .isEqualTo("A");
    assertThat(cache.get("b", () -> sized("B2" + loads.incrementAndGet(), 40))).isEqualTo("B21");
  }

  @Test
  void shouldNeverHoldMoreThanTheBoundOverManyRandomLoads() {
    long seed = 20261124L;
    SplittableRandom random = new SplittableRandom(seed);
    ByteBoundedCache<Integer, Integer> cache = new ByteBoundedCache<>(10_000);
    for (int i = 0; i < 5000; i++) {
      int key = random.nextInt(200);
      long size = random.nextLong(1, 3000);
      assertThat(cache.get(key, () -> new BlobDecoder.Decoded<>(key, size)))
          .as("seed " + seed)
          .isEqualTo(key);
      assertThat(cache.stats().bytes()).as("seed " + seed).isLessThanOrEqualTo(10_000);
    }
    CacheStats stats = cache.stats();
    assertThat(stats.hits() + stats.misses()).isEqualTo(5000);
    assertThat(stats.evictions()).isPositive();
  }

  @Test
  void shouldReturnButNotKeepAValueLargerThanTheBound() {
    ByteBoundedCache<String, String> cache = new ByteBoundedCache<>(10);
    assertThat(cache.get("huge", () -> sized("H", 11))).isEqualTo("H");
    assertThat(cache.stats().entries()).isZero();
    assertThat(cache.get("huge", () -> sized("H2", 11))).isEqualTo("H2");
  }

  @Test
  void shouldLoadOnceWhenManyThreadsMissTheSameKey() throws Exception {
    ByteBoundedCache<String, String> cache = new ByteBoundedCache<>(1000);
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(
            pool.submit(
                () ->
                    cache.get(
                        "k",
                        () -> {
                          loads.incrementAndGet();
                          release.await();
                          return sized("V", 10);
                        })));
      }
      Thread.sleep(200);
      release.countDown();
      for (Future<String> r : results) {
        assertThat(r.get()).isEqualTo("V");
      }
    } finally {
      pool.shutdown();
    }
    assertThat(loads.get()).isEqualTo(1);
  }

  @Test
  void shouldNotCacheAFailedLoad() {
    ByteBoundedCache<String, String> cache = new ByteBoundedCache<>(100);
    assertThatThrownBy(
            () ->
                cache.get(
                    "k",
                    () -> {
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");
    assertThat(cache.get("k", () -> sized("ok", 1))).isEqualTo("ok");
  }

  @Test
  void shouldForgetAnInvalidatedEntry() {
    ByteBoundedCache<String, String> cache = new ByteBoundedCache<>(100);
    cache.get("k", () -> sized("v1", 30));
    cache.invalidate("k");
    assertThat(cache.stats().bytes()).isZero();
    assertThat(cache.get("k", () -> sized("v2", 30))).isEqualTo("v2");
  }
}
