package io.fhestreams.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** How {@link ProgrammableBootstrap#parBootstrapNew} cuts a layer into batches. */
class ProgrammableBootstrapScheduleTest {

  private static List<Integer> batches(int total, int workers, int maxBatch) {
    List<Integer> sizes = new ArrayList<>();
    for (int from = 0; from < total; ) {
      int size = ProgrammableBootstrap.batchSize(total, from, workers, maxBatch);
      sizes.add(size);
      from += size;
    }
    return sizes;
  }

  @Test
  void layerOfSixteenOnTwoWorkers_runsAsTwoFullBatches() {
    assertThat(batches(16, 2, 8)).containsExactly(8, 8);
    assertThat(batches(32, 2, 8)).containsExactly(8, 8, 8, 8);
  }

  @Test
  void fullBatchesThatCannotBeSharedEvenly_areLeftToGuidedScheduling() {
    // One full batch for two workers would leave one idle for a whole batch's time.
    assertThat(batches(9, 2, 8)).containsExactly(5, 2, 1, 1);
    assertThat(batches(24, 2, 8)).containsExactly(8, 8, 4, 2, 1, 1);
    assertThat(batches(16, 1, 8)).containsExactly(8, 8);
    assertThat(batches(3, 4, 8)).containsExactly(1, 1, 1);
  }

  @Test
  void randomLayers_areCoveredExactlyWithBoundedNonIncreasingBatches() {
    long seed = System.nanoTime();
    System.out.println("ProgrammableBootstrapScheduleTest seed " + seed);
    SplittableRandom random = new SplittableRandom(seed);
    for (int trial = 0; trial < 2_000; trial++) {
      int total = 1 + random.nextInt(300);
      int workers = 1 + random.nextInt(8);
      int maxBatch = 1 + random.nextInt(16);
      List<Integer> sizes = batches(total, workers, maxBatch);
      String context = "total " + total + " workers " + workers + " max " + maxBatch;
      assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).as(context).isEqualTo(total);
      int fullBatches = total / maxBatch / workers * workers;
      for (int i = 0; i < sizes.size(); i++) {
        assertThat(sizes.get(i)).as(context).isBetween(1, maxBatch);
        if (i < fullBatches) {
          assertThat(sizes.get(i)).as(context).isEqualTo(maxBatch);
        }
        if (i > 0) {
          assertThat(sizes.get(i)).as(context).isLessThanOrEqualTo(sizes.get(i - 1));
        }
      }
    }
  }
}
