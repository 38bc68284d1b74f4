package io.fhestreams.ml.models.knn;

import io.fhestreams.ml.circuit.ValueRange;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.UniformQuantizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Chooses n_bits and the per-feature truncation of a KNN classifier without test data: each
 * candidate is scored by leave-one-out on the reference points themselves (each point classified by
 * the others) against the double-precision classifier, scikit-learn's behaviour being the target:
 * first the share of the k nearest neighbours the quantized and the double-precision search have in
 * common, then, on a tie, the share of points whose predicted labels agree. The neighbours come
 * first because equal predictions rest on them and they are the finer measure: n·k observations
 * that see every near point quantization moves, where a label changes only when the moves cross a
 * vote boundary, which over a few hundred points a handful of borderline points decide. The best
 * candidate wins, the first listed on a full tie (fewer bits, smaller truncation: the cheaper).
 *
 * <p>Labels travel in the key ({@link KnnLowering.Labels#IN_KEY}, the cheaper vote) unless no
 * candidate fits that way, or the caller asks for a layout; then apart ({@link
 * KnnLowering.Labels#APART}), where the class count costs the distances no key bit.
 */
final class KnnCalibration {
  private KnnCalibration() {}

  /** The n_bits tried when the options leave them unset. */
  static final List<NBits> N_BITS =
      List.of(new NBits(2), new NBits(3), new NBits(4), new NBits(5), new NBits(6));

  /** The truncations tried (squared steps of the quantized scale), then none. */
  static final long[] TRUNCATIONS = {1, 2, 4, 9, 16, 36, 64};

  /**
   * A choice: the quantizers, the settings and what each candidate scored.
   *
   * @param quantizers one per feature
   * @param settings the lowering's settings
   * @param report one line per candidate
   */
  record Choice(List<UniformQuantizer> quantizers, KnnLowering.Settings settings, String report) {}

  /**
   * Scores every candidate (n_bits from {@code nBits} or {@link #N_BITS}; truncation from {@link
   * #TRUNCATIONS} and none) whose distances fit the keys of {@code keyBits} and returns the best;
   * the layouts in {@code layouts} are tried in order until one has a candidate that fits; refuses
   * when none fits.
   */
  static Choice choose(
      NeighborSet set,
      double[][] calibration,
      List<NBits> nBits,
      int keyBits,
      List<KnnLowering.Labels> layouts) {
    long[] floatLabels = leaveOneOutFloat(set);
    boolean[][] floatNeighbours = leaveOneOutNeighbours(set);
    StringBuilder report = new StringBuilder();
    Choice best = null;
    for (KnnLowering.Labels labels : layouts) {
      best = best(set, calibration, nBits, keyBits, labels, floatLabels, floatNeighbours, report);
      if (best != null) {
        break;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException(
          "KNN: no n_bits and truncation keep the distances within the keys of "
              + keyBits
              + " bits (labels "
              + layouts
              + "):\n"
              + report);
    }
    report.append(
        String.format(
            Locale.ROOT,
            "knn chose n_bits %d, truncation %d, labels %s%n",
            best.quantizers().get(0).nBits().value(),
            best.settings().truncation(),
            best.settings().labels()));
    return new Choice(best.quantizers(), best.settings(), report.toString());
  }

  /** The best candidate of one label layout, null when none fits; appends to {@code report}. */
  private static Choice best(
      NeighborSet set,
      double[][] calibration,
      List<NBits> nBits,
      int keyBits,
      KnnLowering.Labels labels,
      long[] floatLabels,
      boolean[][] floatNeighbours,
      StringBuilder report) {
    int classes = set.classes().length;
    if (labels == KnnLowering.Labels.IN_KEY && KnnLowering.classBits(classes) >= keyBits) {
      report.append(
          String.format(
              Locale.ROOT,
              "knn labels %s: %d classes leave no distance bit in a %d-bit key%n",
              labels,
              classes,
              keyBits));
      return null;
    }
    int distanceBits = KnnLowering.distanceBits(keyBits, classes, labels);
    Choice best = null;
    double[] bestScore = {-1, -1};
    for (NBits n : nBits) {
      List<UniformQuantizer> quantizers = commonScale(set, calibration, n);
      long full = (n.levels() - 1) * (n.levels() - 1);
      List<Long> truncations = new ArrayList<>();
      for (long t : TRUNCATIONS) {
        if (t < full) {
          truncations.add(t);
        }
      }
      truncations.add(full);
      for (long t : truncations) {
        long maxDistance = TruncatedKnnLowering.maxDistance(set, quantizers, t);
        if (new ValueRange(0, maxDistance).bitWidth() > distanceBits) {
          report.append(
              String.format(
                  Locale.ROOT,
                  "knn candidate labels %s, n_bits %d, truncation %d%s: distances reach %d, wider"
                      + " than %d bits%n",
                  labels,
                  n.value(),
                  t,
                  t == full ? " (none)" : "",
                  maxDistance,
                  distanceBits));
          continue;
        }
        KnnLowering.Settings settings = new KnnLowering.Settings(keyBits, t, labels);
        double[] score = agreement(set, quantizers, settings, floatLabels, floatNeighbours);
        report.append(
            String.format(
                Locale.ROOT,
                "knn candidate labels %s, n_bits %d, truncation %d%s: leave-one-out neighbours"
                    + " in common %.4f, label agreement %.4f%n",
                labels,
                n.value(),
                t,
                t == full ? " (none)" : "",
                score[0],
                score[1]));
        if (Arrays.compare(score, bestScore) > 0) {
          bestScore = score;
          best = new Choice(quantizers, settings, "");
        }
      }
    }
    return best;
  }

  /**
   * One unsigned quantizer per feature with the scale of the widest feature range (over the points
   * and the calibration rows), so that quantized distances keep the Euclidean metric's proportions,
   * and each feature's own zero point (which distances ignore).
   */
  static List<UniformQuantizer> commonScale(NeighborSet set, double[][] calibration, NBits nBits) {
    UniformQuantizer.requireCalibrationRows(calibration, set.features());
    double[] min = new double[set.features()];
    double[] max = new double[set.features()];
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
    List<double[]> rows = new ArrayList<>(List.of(set.points()));
    rows.addAll(List.of(calibration));
    for (double[] row : rows) {
      for (int j = 0; j < row.length; j++) {
        min[j] = Math.min(min[j], row[j]);
        max[j] = Math.max(max[j], row[j]);
      }
    }
    double widest = 0;
    for (int j = 0; j < min.length; j++) {
      widest = Math.max(widest, max[j] - min[j]);
    }
    double scale = widest > 0 ? widest / (nBits.levels() - 1) : 1.0;
    List<UniformQuantizer> quantizers = new ArrayList<>();
    for (double m : min) {
      quantizers.add(new UniformQuantizer(scale, (long) Math.rint(-m / scale), nBits, false));
    }
    return quantizers;
  }

  /** Each point's label by the double-precision classifier over the other points. */
  private static long[] leaveOneOutFloat(NeighborSet set) {
    long[] labels = new long[set.size()];
    for (int i = 0; i < set.size(); i++) {
      labels[i] = without(set, i).predictFloat(set.point(i));
    }
    return labels;
  }

  /** [i][j]: point j is among the k nearest others of point i in double precision. */
  private static boolean[][] leaveOneOutNeighbours(NeighborSet set) {
    int n = set.size();
    int k = Math.min(set.neighbors(), n - 1);
    boolean[][] nearest = new boolean[n][n];
    for (int i = 0; i < n; i++) {
      Integer[] order = new Integer[n];
      double[] d = new double[n];
      for (int j = 0; j < n; j++) {
        order[j] = j;
        d[j] = j == i ? Double.POSITIVE_INFINITY : squaredDistance(set.point(i), set.point(j));
      }
      // stable: the earlier point first among equal distances, as scikit-learn's brute search
      Arrays.sort(order, (a, b) -> Double.compare(d[a], d[b]));
      for (int m = 0; m < k; m++) {
        nearest[i][order[m]] = true;
      }
    }
    return nearest;
  }

  private static double squaredDistance(double[] a, double[] b) {
    double sum = 0;
    for (int j = 0; j < a.length; j++) {
      sum += (a[j] - b[j]) * (a[j] - b[j]);
    }
    return sum;
  }

  private static NeighborSet without(NeighborSet set, int i) {
    double[][] points = new double[set.size() - 1][];
    long[] labels = new long[points.length];
    for (int j = 0, at = 0; j < set.size(); j++) {
      if (j != i) {
        points[at] = set.point(j);
        labels[at++] = set.label(j);
      }
    }
    return new NeighborSet(points, labels, Math.min(set.neighbors(), points.length));
  }

  /**
   * The share of the quantized k nearest (by key, then index) that {@code floatNeighbours} holds,
   * then the share of points whose quantized leave-one-out label equals {@code floatLabels} (the
   * vote of the k nearest keys, or with labels apart of every point within the k-th distance).
   */
  private static double[] agreement(
      NeighborSet set,
      List<UniformQuantizer> quantizers,
      KnnLowering.Settings settings,
      long[] floatLabels,
      boolean[][] floatNeighbours) {
    int n = set.size();
    int features = set.features();
    long[][] q = new long[n][features];
    for (int i = 0; i < n; i++) {
      double[] p = set.point(i);
      for (int j = 0; j < features; j++) {
        q[i][j] = quantizers.get(j).quantize(p[j]);
      }
    }
    int classes = set.classes().length;
    int classBits =
        settings.labels() == KnnLowering.Labels.IN_KEY ? KnnLowering.classBits(classes) : 0;
    int k = Math.min(set.neighbors(), n - 1);
    int agree = 0;
    long common = 0;
    long[] keys = new long[n - 1];
    for (int i = 0; i < n; i++) {
      int at = 0;
      for (int j = 0; j < n; j++) {
        if (j == i) {
          continue;
        }
        long d = 0;
        for (int f = 0; f < features; f++) {
          d += TruncatedKnnLowering.clipped(q[i][f] - q[j][f], settings.truncation());
        }
        long label = classBits > 0 ? set.classIndex(j) : 0;
        keys[at++] = ((d << classBits) + label) * n + j;
      }
      Arrays.sort(keys);
      long[] votes = new long[classes];
      for (int m = 0; m < k; m++) {
        common += floatNeighbours[i][(int) (keys[m] % n)] ? 1 : 0;
      }
      if (classBits > 0) {
        for (int m = 0; m < k; m++) {
          votes[(int) ((keys[m] / n) & ((1 << classBits) - 1))]++;
        }
      } else {
        for (int m = 0; m < keys.length && keys[m] / n <= keys[k - 1] / n; m++) {
          votes[set.classIndex((int) (keys[m] % n))]++;
        }
      }
      int winner = 0;
      for (int c = 1; c < classes; c++) {
        winner = votes[c] > votes[winner] ? c : winner;
      }
      agree += set.classes()[winner] == floatLabels[i] ? 1 : 0;
    }
    return new double[] {common / ((double) n * k), agree / (double) n};
  }
}
