package io.fhestreams.ml.compiler;

import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.compression.GlwePackingCompression;
import io.fhestreams.engine.compression.ModulusSwitchCompression;
import io.fhestreams.engine.compression.PackingKeyswitchParameters;
import io.fhestreams.engine.noise.FailureProbability;
import io.fhestreams.engine.noise.NoiseModel;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.NoiseDistribution;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.Node;
import io.fhestreams.ml.circuit.Operation;
import io.fhestreams.ml.circuit.ValueRange;
import io.fhestreams.ml.circuit.exec.NoiseProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the parameter set a circuit runs under, or refuses it.
 *
 * <p>A circuit without lookups is leveled: it runs under a leveled set whose signed message space
 * holds every output (intermediate values wrap modulo 2^bits and come back exact). A circuit with
 * lookups runs under the bootstrapping set of the smallest precision that holds its widest value.
 * Either way the noise of every decoded or bootstrapped value is propagated through the circuit
 * (variance, with {@link NoiseModel}; and for bounded fresh noise a worst-case bound) and the
 * failure probability of one evaluation, summed over those values, must meet the target; a rounding
 * counts the bootstraps of its exact bit extraction ({@code circuit.exec.ExactRounding}), each read
 * within half a step of the dropped chunk, and a lookup reads its operand lifted to the operand's
 * own width (the switch errors then count against that width's step, not Δ). Outputs are switched
 * to the smallest modulus that keeps them within that budget, which shrinks what travels back. The
 * first candidate that fits wins; when none does, the error names the node that does not fit under
 * the largest candidate and by how much.
 */
public final class Compiler {
  private Compiler() {}

  /** Compiles with {@link CompileOptions#defaults()}. */
  public static CompiledCircuit compile(Circuit circuit) {
    return compile(circuit, CompileOptions.defaults());
  }

  /** Compiles under {@code options}; throws {@link CompilationException} when no candidate fits. */
  public static CompiledCircuit compile(Circuit circuit, CompileOptions options) {
    boolean leveled = circuit.bootstrapCount() == 0;
    List<ParameterSet> candidates = new ArrayList<>();
    for (ParameterSet p : options.candidates()) {
      if (leveled == (p.kind() == ParameterSet.Kind.LEVELED)) {
        candidates.add(p);
      }
    }
    candidates.sort(Comparator.comparingInt(ParameterSet::messageBits));
    if (candidates.isEmpty()) {
      throw new CompilationException(
          "no "
              + (leveled ? "leveled" : "bootstrapping")
              + " parameter set among the candidates "
              + options.candidates().stream().map(ParameterSet::id).toList());
    }
    String lastProblem = null;
    for (ParameterSet p : candidates) {
      Attempt a = attemptInLayout(circuit, p, options.log2PFailTarget(), leveled);
      if (a.problem == null) {
        return new CompiledCircuit(
            circuit,
            p,
            new NoiseProfile(a.sigmas),
            a.outputModulusLog,
            report(circuit, p, a, options, leveled),
            a.packedOutputs,
            Optional.ofNullable(a.coefficientEncoding));
      }
      lastProblem = a.problem;
    }
    throw new CompilationException(lastProblem);
  }

  /** The outcome of trying one parameter set. */
  private static final class Attempt {
    String problem;
    double[] sigmas;
    double log2PFail = Double.NEGATIVE_INFINITY;
    CiphertextModulusLog outputModulusLog;
    boolean packedOutputs;
    CoefficientEncoding coefficientEncoding;
    String ciphertextLayout;
    int widestLookupBits;
    int widestValueBits;
  }

  /**
   * Tries {@code p} in the coefficient-encoded layout when the circuit is linear and fits it (one
   * GLWE ciphertext in and out, {@link CoefficientEncoding}), else, or when its noise does not fit,
   * in the LWE layout; the attempt records which and why.
   */
  private static Attempt attemptInLayout(
      Circuit circuit, ParameterSet p, double target, boolean leveled) {
    Optional<CoefficientEncoding.Linear> linear =
        leveled ? CoefficientEncoding.linearPart(circuit) : Optional.empty();
    if (linear.isEmpty()) {
      Attempt a = attempt(circuit, p, target, leveled, null);
      a.ciphertextLayout =
          a.packedOutputs
              ? "LWE inputs, outputs packed into GLWE ciphertexts"
              : "LWE, one ciphertext per input and output";
      return a;
    }
    CoefficientEncoding.Outcome outcome = CoefficientEncoding.of(linear.get(), p);
    String whyNot = outcome.whyNot();
    if (outcome.encoding() != null) {
      Attempt a = attempt(circuit, p, target, leveled, outcome.encoding());
      if (a.problem == null) {
        a.ciphertextLayout =
            "one GLWE ciphertext in and out, coefficient-encoded (" + outcome.encoding() + ")";
        return a;
      }
      whyNot = "its noise does not fit (" + a.problem + ")";
    }
    Attempt a = attempt(circuit, p, target, leveled, null);
    a.ciphertextLayout =
        "LWE, one ciphertext per input and output (not coefficient-encoded: " + whyNot + ")";
    return a;
  }

  private static Attempt attempt(
      Circuit circuit,
      ParameterSet p,
      double target,
      boolean leveled,
      CoefficientEncoding coefficientEncoding) {
    NoisePropagation noise = new NoisePropagation(circuit, p, leveled, coefficientEncoding != null);
    Attempt a = noise.attempt;
    a.coefficientEncoding = coefficientEncoding;
    for (Node node : circuit.nodes()) {
      a.problem = noise.step(node);
      if (a.problem != null) {
        return a;
      }
    }
    double pFail;
    try {
      pFail =
          noise.pFail
              + compressOutputs(
                  circuit, p, target, noise.variance, noise.bound, noise.deltaTorus, a);
    } catch (IllegalArgumentException e) {
      // an output too noisy for this set even uncompressed: a wider set may still fit
      a.problem = "outputs: " + e.getMessage();
      return a;
    }
    a.log2PFail = pFail == 0 ? Double.NEGATIVE_INFINITY : Math.log(pFail) / Math.log(2);
    if (a.log2PFail > target) {
      a.problem = noiseShortfall(circuit, p, target, a);
    }
    return a;
  }

  private static String noiseShortfall(Circuit circuit, ParameterSet p, double target, Attempt a) {
    Node worst = noisiest(circuit, a.sigmas);
    return String.format(
        java.util.Locale.ROOT,
        "noise: one evaluation fails with probability 2^%.1f under %s, target 2^%.1f: %.1f bits short;"
            + " the noisiest value is node %s (sigma %.3g message steps)",
        a.log2PFail,
        p.id(),
        target,
        a.log2PFail - target,
        worst.describe(),
        a.sigmas[worst.id()]);
  }

  /**
   * Propagates noise through the circuit node by node under one parameter set: each step records
   * the node's noise variance and worst-case bound, adds the failure probability of its bootstraps,
   * and returns why the node does not fit, or null.
   */
  private static final class NoisePropagation implements Operation.Visitor<String> {
    final Attempt attempt = new Attempt();
    final double[] variance;
    final double[] bound; // worst-case |noise| on the torus; +inf when unbounded
    final double deltaTorus;
    double pFail;
    private final Circuit circuit;
    private final ParameterSet p;
    private final boolean leveled;
    private final boolean coefficientEncoded;
    private final NoiseModel model;
    private final double freshBound;
    private Node node;
    private int id;

    NoisePropagation(Circuit circuit, ParameterSet p, boolean leveled, boolean coefficientEncoded) {
      this.circuit = circuit;
      this.p = p;
      this.leveled = leveled;
      this.coefficientEncoded = coefficientEncoded;
      int n = circuit.nodes().size();
      variance = new double[n];
      bound = new double[n];
      attempt.sigmas = new double[n];
      model = NoiseModel.of(p);
      deltaTorus = Math.scalb((double) p.delta(), -64);
      freshBound =
          p.glweNoise() instanceof NoiseDistribution.TUniform t
              ? Math.scalb(1.0, t.boundLog2() - 64)
              : Double.POSITIVE_INFINITY;
    }

    /** Propagates the noise to {@code next}; returns why it does not fit, or null. */
    String step(Node next) {
      node = next;
      id = next.id();
      attempt.widestValueBits = Math.max(attempt.widestValueBits, node.bitWidth());
      if (!leveled && node.bitWidth() > p.messageBits()) {
        return "node "
            + node.describe()
            + " holds "
            + node.bitWidth()
            + "-bit values "
            + node.range()
            + " but the largest bootstrapping set "
            + p.id()
            + " holds "
            + p.messageBits()
            + " bits: "
            + (node.bitWidth() - p.messageBits())
            + " bit(s) too many";
      }
      return node.operation().accept(this);
    }

    /**
     * Fresh noise; coefficient-encoded, plus the rounding of the input bodies to b bits (uniform,
     * at most half a step 2^-b).
     */
    @Override
    public String visit(Operation.Input in) {
      variance[id] = model.freshVariance();
      bound[id] = freshBound;
      if (coefficientEncoded) {
        int b = CoefficientEncoding.inputBodyModulusLog(p).value();
        variance[id] += Math.scalb(1.0, -2 * b) / 12;
        bound[id] += Math.scalb(1.0, -b - 1);
      }
      return null;
    }

    @Override
    public String visit(Operation.Add add) {
      return sum(add.left(), add.right());
    }

    @Override
    public String visit(Operation.Subtract sub) {
      return sum(sub.left(), sub.right());
    }

    /** a ± b: variances and bounds add. */
    private String sum(int left, int right) {
      variance[id] = variance[left] + variance[right];
      bound[id] = bound[left] + bound[right];
      return null;
    }

    @Override
    public String visit(Operation.AddConstant c) {
      variance[id] = variance[c.operand()];
      bound[id] = bound[c.operand()];
      return null;
    }

    @Override
    public String visit(Operation.MultiplyConstant m) {
      long max = 0;
      for (long c : m.constant()) {
        max = Math.max(max, Math.abs(c));
      }
      variance[id] = (double) max * max * variance[m.operand()];
      bound[id] = max * bound[m.operand()];
      return null;
    }

    /**
     * In the LWE layout output i collects row i's weights times the inputs' noise; coefficient-
     * encoded, every output collects every weight times the noise of one input coefficient
     * (GlweMatrixVectorProduct: Σ_r W_r·E_(j−r) over all m·d nonzero W_r), the worst row replaced
     * by the whole matrix.
     */
    @Override
    public String visit(Operation.MatMulConstant m) {
      double worstSquares = 0;
      double worstL1 = 0;
      double allSquares = 0;
      double allL1 = 0;
      for (int i = 0; i < m.rows(); i++) {
        double squares = 0;
        double l1 = 0;
        for (int j = 0; j < m.columns(); j++) {
          double w = m.entry(i, j);
          squares += w * w;
          l1 += Math.abs(w);
        }
        worstSquares = Math.max(worstSquares, squares);
        worstL1 = Math.max(worstL1, l1);
        allSquares += squares;
        allL1 += l1;
      }
      variance[id] = (coefficientEncoded ? allSquares : worstSquares) * variance[m.operand()];
      bound[id] = (coefficientEncoded ? allL1 : worstL1) * bound[m.operand()];
      return null;
    }

    @Override
    public String visit(Operation.RoundBits r) {
      Node operand = circuit.node(r.operand());
      String problem = signedOperandProblem(operand);
      if (problem != null) {
        return problem;
      }
      for (Node reader : circuit.readers(id)) {
        if (!(reader.operation() instanceof Operation.TableLookup)
            && !(reader.operation() instanceof Operation.Remainder)) {
          return "node "
              + reader.describe()
              + " reads the rounding "
              + node.describe()
              + ", whose encrypted result only a table lookup or a remainder can read (it stays at the"
              + " accumulator's scale"
              + " times 2^"
              + r.bits()
              + "): round into a lookup";
        }
      }
      double perElement = extraction(variance[operand.id()], r.bits());
      variance[id] = variance[operand.id()] + r.bootstrapsPerElement() * model.pbsOutputVariance();
      return bootstrapped(perElement);
    }

    @Override
    public String visit(Operation.TableLookup t) {
      Node operand = circuit.node(t.operand());
      String problem = signedOperandProblem(operand);
      if (problem != null) {
        return problem;
      }
      // EncryptedExecutor: the operand, t bits at Δ·2^s, is lifted by 2^(W-s-t) to the t-bit
      // scale 2^-(t+1) of the torus and read within half of it
      int width = operand.bitWidth();
      if (width + operand.scaleBits() > p.messageBits()) {
        return "node "
            + node.describe()
            + " reads "
            + width
            + "-bit values at 2^"
            + operand.scaleBits()
            + " times the message step, more than the "
            + p.messageBits()
            + "-bit messages of "
            + p.id();
      }
      double perElement = read(variance[operand.id()], operand.scaleBits(), width);
      variance[id] = model.pbsOutputVariance();
      return bootstrapped(perElement);
    }

    /** Bootstrapped messages are unsigned: why a signed operand cannot be read, or null. */
    private String signedOperandProblem(Node operand) {
      if (!operand.range().isSigned()) {
        return null;
      }
      return "node "
          + node.describe()
          + " reads signed values "
          + operand.range()
          + " but bootstrapped messages are unsigned: shift the operand by "
          + (-operand.range().min())
          + " first";
    }

    /** Counts the failures of the node's bootstraps; its output noise is no longer bounded. */
    private String bootstrapped(double failurePerElement) {
      pFail += node.size() * failurePerElement;
      bound[id] = Double.POSITIVE_INFINITY;
      return null;
    }

    /**
     * a − (a rounded), the same ciphertext a in both: a's noise cancels and the remainder carries
     * only the noise of the rounding's extraction bootstraps ({@link
     * io.fhestreams.ml.circuit.exec.ExactRounding}: the rounding is a plus their outputs).
     */
    @Override
    public String visit(Operation.Remainder r) {
      Node rounding = circuit.node(r.rounding());
      variance[id] = rounding.operation().bootstrapsPerElement() * model.pbsOutputVariance();
      bound[id] = Double.POSITIVE_INFINITY;
      return null;
    }

    @Override
    public String visit(Operation.Max m) {
      // EncryptedExecutor.max: a − b + shift, lifted to its t bits like a lookup's operand, one
      // bootstrap
      int width =
          Operation.Max.differenceWidth(
              circuit.node(m.left()).range(), circuit.node(m.right()).range());
      String problem = differenceTooWide(width, "reads");
      if (problem != null) {
        return problem;
      }
      double perElement = read(variance[m.left()] + variance[m.right()], 0, width);
      variance[id] = variance[m.right()] + model.pbsOutputVariance();
      return bootstrapped(perElement);
    }

    /**
     * ExactRounding: the accumulator times 2^(W-d+1) puts the d dropped bits at the top of the
     * torus, step 2^-d; each extraction bootstrap reads within half a step. The second one reads
     * the accumulator plus the first one's output. Records the first read's sigma; returns the
     * failure probability per element.
     */
    private double extraction(double operandVariance, int bits) {
      attempt.widestLookupBits = Math.max(attempt.widestLookupBits, bits);
      int lift = p.messageBits() - bits + 1;
      double step = Math.scalb(1.0, -bits);
      double chunk = liftedVariance(operandVariance, lift, model);
      double perElement = failureProbability(chunk, step / 2);
      if (bits > 1) {
        double rest = liftedVariance(operandVariance + model.pbsOutputVariance(), lift, model);
        perElement += failureProbability(rest, step / 2);
      }
      attempt.sigmas[id] = Math.sqrt(chunk) / step;
      return perElement;
    }

    /**
     * A lookup of a {@code width}-bit value at Δ·2^scale of variance {@code operandVariance},
     * lifted to its width (EncryptedExecutor); returns its failure probability and keeps the
     * largest sigma in read steps.
     */
    private double read(double operandVariance, int scale, int width) {
      attempt.widestLookupBits = Math.max(attempt.widestLookupBits, width);
      double step = Math.scalb(1.0, -width - 1);
      double v = liftedVariance(operandVariance, p.messageBits() - scale - width, model);
      attempt.sigmas[id] = Math.max(attempt.sigmas[id], Math.sqrt(v) / step);
      return failureProbability(v, step / 2);
    }

    /** Why a difference of {@code width} bits cannot be read by a bootstrap of the set, or null. */
    private String differenceTooWide(int width, String verb) {
      if (width <= p.messageBits()) {
        return null;
      }
      return "node "
          + node.describe()
          + " "
          + verb
          + " a "
          + width
          + "-bit difference, more than the "
          + p.messageBits()
          + "-bit messages of "
          + p.id();
    }

    @Override
    public String visit(Operation.CompareSwap c) {
      ValueRange l = circuit.node(c.left()).range();
      ValueRange r = circuit.node(c.right()).range();
      int width = c.differenceWidth(l, r);
      String problem = differenceTooWide(width, "compares");
      if (problem != null) {
        return problem;
      }
      double difference = variance[c.left()] + variance[c.right()];
      double pbs = model.pbsOutputVariance();
      double perPair;
      int bootstrapsOnPath;
      if (c.lowBits() == 0) {
        perPair = read(difference, 0, width);
        bootstrapsOnPath = 1;
      } else {
        int bits = c.lowBits();
        perPair = extraction(difference, bits);
        // h = ⌊u/2^c⌋ at Δ·2^c carries u's noise and the extraction's, read by A and S
        perPair += 2 * read(difference + 2 * pbs, bits, Math.max(1, width - bits));
        // S(h) + u − 2^c·h: u's noise cancels, the extraction's two and S's remain
        perPair += read(3 * pbs, 0, bits + 1);
        bootstrapsOnPath = 2;
      }
      // min = a − relu, max = b + relu; relu is the sum of the last bootstraps' outputs
      variance[id] = Math.max(variance[c.left()], variance[c.right()]) + bootstrapsOnPath * pbs;
      pFail += (node.size() / 2) * perPair;
      bound[id] = Double.POSITIVE_INFINITY;
      return null;
    }

    @Override
    public String visit(Operation.Output out) {
      Node operand = circuit.node(out.operand());
      if (leveled && !fitsSigned(operand, p.messageBits())) {
        return "node "
            + node.describe()
            + " outputs "
            + operand.bitWidth()
            + "-bit values "
            + operand.range()
            + " but the widest leveled set "
            + p.id()
            + " holds signed "
            + p.messageBits()
            + "-bit integers: "
            + (signedBits(operand) - p.messageBits())
            + " bit(s) too many";
      }
      variance[id] = variance[operand.id()];
      bound[id] = bound[operand.id()];
      return null;
    }
  }

  /**
   * Variance on the torus of a bootstrap's input: the operand's, times 2^liftLog2 (which moves the
   * bits read to the top of the torus), plus the key switch's and the modulus switch's.
   */
  private static double liftedVariance(double operandVariance, int liftLog2, NoiseModel model) {
    double lift = Math.scalb(1.0, liftLog2);
    return operandVariance * lift * lift
        + model.keyswitchVariance()
        + model.modulusSwitchVariance();
  }

  /** P(|e| &gt;= halfInterval) for a centred Gaussian e of variance {@code variance}. */
  private static double failureProbability(double variance, double halfInterval) {
    return Math.pow(2, FailureProbability.log2PFail(variance, halfInterval));
  }

  /**
   * Chooses the modulus 2^b the server switches the outputs to (one b for the output list: the
   * largest any output needs, with {@link ModulusSwitchCompression}) so that the outputs together
   * fail with at most half the target, and returns their failure probability with the rounding
   * noise included. Bounded noise that stays below Δ/2 with the worst-case rounding never decodes
   * wrongly.
   *
   * <p>Outputs of the sets {@link PackingKeyswitchParameters#packsOutputsOf} accepts are packed
   * into GLWE ciphertexts before the switch ({@link GlwePackingCompression}): their variance grows
   * by the packing key switch's (that of the fullest GLWE ciphertext, the worst slot), which is not
   * bounded, and b is chosen for the packed form, whose mask has k'·N' coefficients.
   */
  private static double compressOutputs(
      Circuit circuit,
      ParameterSet p,
      double target,
      double[] variance,
      double[] bound,
      double deltaTorus,
      Attempt a) {
    a.packedOutputs = PackingKeyswitchParameters.packsOutputsOf(p);
    // a packed output's mask is that of its GLWE ciphertext (k'·N' coefficients); a slot of a GLWE
    // ciphertext holding c outputs collects the key noise of c switches (at most SLOTS); a
    // coefficient-encoded output's mask has k'·N' = the big dimension coefficients, as an LWE one
    LweDimension dimension =
        a.packedOutputs
            ? PackingKeyswitchParameters.of(p).packedMaskDimension()
            : p.bigLweDimension();
    double packing =
        a.packedOutputs
            ? PackingKeyswitchParameters.of(p)
                .variance(Math.min(circuit.outputElements(), PackingKeyswitchParameters.SLOTS))
            : 0.0;
    double perOutputTarget = target - 1 - Math.log(circuit.outputElements()) / Math.log(2);
    int b = 1;
    for (Node out : circuit.outputs()) {
      b =
          Math.max(
              b,
              ModulusSwitchCompression.modulusLogFor(
                      p, dimension, variance[out.id()] + packing, perOutputTarget)
                  .value());
    }
    a.outputModulusLog = new CiphertextModulusLog(b);
    double rounding = ModulusSwitchCompression.roundingVariance(dimension, a.outputModulusLog);
    double worstRounding = (dimension.value() + 1) * Math.scalb(1.0, -b - 1);
    NoiseModel model = NoiseModel.of(p);
    double pFail = 0;
    for (Node out : circuit.outputs()) {
      double v = variance[out.id()] + packing + rounding;
      a.sigmas[out.id()] = Math.sqrt(v) / deltaTorus;
      if (a.packedOutputs || !(bound[out.id()] + worstRounding < model.halfInterval())) {
        pFail += out.size() * Math.pow(2, model.atDecryption(v).log2PFail());
      }
    }
    return pFail;
  }

  private static Node noisiest(Circuit circuit, double[] sigmas) {
    Node worst = circuit.nodes().get(0);
    for (Node n : circuit.nodes()) {
      if (sigmas[n.id()] > sigmas[worst.id()]) {
        worst = n;
      }
    }
    return worst;
  }

  private static boolean fitsSigned(Node node, int bits) {
    return signedBits(node) <= bits;
  }

  /** Width as a signed integer (the leveled sets decode two's complement). */
  private static int signedBits(Node node) {
    return node.range().isSigned() ? node.bitWidth() : node.bitWidth() + 1;
  }

  private static CompileReport report(
      Circuit circuit, ParameterSet p, Attempt a, CompileOptions options, boolean leveled) {
    CircuitCost cost = CircuitCost.of(circuit, p);
    long leveledOps = cost.leveledOperations();
    int bigDimension = p.bigLweDimension().value();
    // one long per key bit, as the engine stores keys: the big key, and the small one to bootstrap
    long clientKey = 8L * (bigDimension + (leveled ? 0 : p.lweDimension().value()));
    long evaluationKeys = WireSizes.evaluationKeyBytes(p, a.packedOutputs);
    double leveledMillis =
        (a.coefficientEncoding != null
                ? coefficientRecordNanos(circuit, p, a)
                : CostModel.inputNanos(p, circuit.inputElements())
                    + leveledOps * CostModel.multiplyAddNanos(bigDimension + 1)
                    + CostModel.outputNanos(
                        p, circuit.outputElements(), a.outputModulusLog, a.packedOutputs))
            / 1e6;
    return new CompileReport(
        p.id(),
        p.messageBits(),
        a.widestValueBits,
        a.widestLookupBits,
        cost.bootstrapsByBitWidth(),
        a.log2PFail,
        options.log2PFailTarget(),
        clientKey,
        evaluationKeys,
        a.coefficientEncoding != null
            ? WireSizes.coefficientInputBytes(p, a.coefficientEncoding)
            : WireSizes.inputBytes(p, circuit.inputElements()),
        a.coefficientEncoding != null
            ? WireSizes.coefficientOutputBytes(
                p, a.coefficientEncoding, circuit.outputElements(), a.outputModulusLog)
            : a.packedOutputs
                ? WireSizes.packedOutputBytes(p, circuit.outputElements(), a.outputModulusLog)
                : WireSizes.outputBytes(p, circuit.outputElements(), a.outputModulusLog),
        leveledOps,
        estimateTime(circuit, p, leveledMillis),
        a.ciphertextLayout);
  }

  private static double coefficientRecordNanos(Circuit circuit, ParameterSet p, Attempt a) {
    return CostModel.coefficientRecordNanos(
        p,
        a.coefficientEncoding,
        CoefficientEncoding.linearPart(circuit).orElseThrow(),
        a.outputModulusLog);
  }

  /**
   * The leveled part plus each bootstrapping node in turn, its bootstraps shared among this
   * machine's processors as the servers run them ({@code ProgrammableBootstrap.parBootstrapNew}):
   * each thread takes its share in batches, whose cost per bootstrap is measured.
   */
  private static TimeEstimate estimateTime(Circuit circuit, ParameterSet p, double leveledMillis) {
    if (circuit.bootstrapCount() == 0) {
      return new TimeEstimate(leveledMillis, leveledMillis, leveledMillis, 0, 1);
    }
    int cores = Runtime.getRuntime().availableProcessors();
    BootstrapCost cost = BootstrapCost.of(p, cores);
    double wallNanos = 0;
    double cpuNanos = 0;
    for (Node node : circuit.nodes()) {
      long bootstraps = node.operation().bootstraps(node.size());
      if (bootstraps > 0) {
        long perThread = (bootstraps + cores - 1) / cores;
        double each = cost.nanosPerBootstrap(perThread);
        wallNanos += perThread * each;
        cpuNanos += bootstraps * each;
      }
    }
    return new TimeEstimate(
        leveledMillis + wallNanos / 1e6,
        leveledMillis + cpuNanos / 1e6,
        leveledMillis,
        cost.aloneNanos() / 1e6,
        cores);
  }
}
