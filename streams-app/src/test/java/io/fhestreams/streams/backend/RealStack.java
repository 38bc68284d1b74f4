package io.fhestreams.streams.backend;

import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.ValueRange;
import io.fhestreams.ml.compiler.CompiledCircuit;
import io.fhestreams.ml.compiler.Compiler;
import io.fhestreams.ml.deploy.ClientArtifact;
import io.fhestreams.ml.deploy.FheClient;
import io.fhestreams.ml.deploy.IoLayout;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.ml.deploy.ServerArtifact;
import io.fhestreams.ml.models.Dataset;
import io.fhestreams.ml.models.FheLogisticRegression;
import io.fhestreams.ml.models.ModelCompileOptions;
import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.PostProcessing;
import io.fhestreams.ml.quantization.UniformQuantizer;
import io.fhestreams.registry.api.KeyId;
import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.ModelVersionInfo;
import io.fhestreams.registry.api.ParameterSetId;
import io.fhestreams.registry.api.Stage;
import io.fhestreams.registry.auth.Role;
import io.fhestreams.registry.auth.TokenAuthenticator;
import io.fhestreams.registry.auth.TokenEntry;
import io.fhestreams.registry.client.RegistryClient;
import io.fhestreams.registry.server.RegistryConfig;
import io.fhestreams.registry.server.RegistryServer;
import io.fhestreams.registry.server.TlsConfig;
import io.fhestreams.registry.validation.ArtifactLoadingValidator;
import io.fhestreams.registry.validation.BlobUploadValidator;
import io.fhestreams.registry.validation.UploadValidator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * The real stack for the backend's tests: a {@link RegistryServer} in process on a directory, the
 * breast-cancer logistic regression compiled from the engine's ONNX fixture, published to it, and
 * helpers to upload a real client's evaluation keys. The registry can be stopped and restarted on
 * the same port and directory.
 */
public final class RealStack implements AutoCloseable {
  static final Path FIXTURES = Path.of("../fhe-ml/src/test/resources/fixtures");
  public static final String PUBLISHER_TOKEN = "publisher-token-1";
  public static final String READER_TOKEN = "reader-token-2";
  static final String OWNER_TOKEN = "owner-token-3";

  private final Path dir;
  private final List<TokenEntry> tokens =
      List.of(
          new TokenEntry(
              "pub", TokenAuthenticator.hashToken(PUBLISHER_TOKEN), List.of(Role.PUBLISHER)),
          new TokenEntry(
              "app",
              TokenAuthenticator.hashToken(READER_TOKEN),
              List.of(Role.READER, Role.PUBLISHER)),
          new TokenEntry(
              "owner", TokenAuthenticator.hashToken(OWNER_TOKEN), List.of(Role.KEY_OWNER)));
  private final TlsConfig tls;
  private final SSLContext trust;
  private final UploadValidator validator;
  private RegistryServer server;
  private final int port;

  private RealStack(Path dir, TlsConfig tls, SSLContext trust, UploadValidator validator) {
    this.dir = dir;
    this.tls = tls;
    this.trust = trust;
    this.validator = validator;
    this.server = start(0);
    this.port = server.port();
  }

  /** A registry on {@code dir} (a free port). */
  public static RealStack start(Path dir) {
    return new RealStack(dir, null, null, new ArtifactLoadingValidator());
  }

  /**
   * A registry on {@code dir} that checks uploads at the container level only (as an older or
   * misconfigured one would): it publishes any well-framed server artifact, to offer the app what
   * such a registry would.
   */
  public static RealStack startCheckingContainersOnly(Path dir) {
    return new RealStack(dir, null, null, new BlobUploadValidator());
  }

  /**
   * A registry on {@code dir} serving HTTPS with {@code tls}; the stack's own clients trust it
   * through {@code trust}.
   */
  public static RealStack startHttps(Path dir, TlsConfig tls, SSLContext trust) {
    return new RealStack(dir, tls, trust, new ArtifactLoadingValidator());
  }

  private RegistryServer start(int p) {
    RegistryConfig config = config(p);
    return RegistryServer.start(config, config.storage().open(), validator);
  }

  private RegistryConfig config(int p) {
    return RegistryConfig.inDirectory(dir.resolve("store"), tokens).withPort(p).withTls(tls);
  }

  public URI uri() {
    return URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + port);
  }

  RegistryClient client(String token) {
    RegistryClient.Builder builder = RegistryClient.builder(uri()).token(token);
    return (trust == null ? builder : builder.sslContext(trust)).build();
  }

  /** Settings of the backend as the app would read them. */
  RegistryBackendSettings settings() {
    return RegistryBackendSettings.of(
        uri(), READER_TOKEN, 1L << 30, java.time.Duration.ofSeconds(5), 1);
  }

  public void stop() {
    server.close();
  }

  public void restart() {
    server = start(port);
  }

  /**
   * Publishes {@code m} under its own name and promotes it to production (the stage the app serves
   * by default); answers the version.
   */
  public String publish(ModelArtifacts m) throws Exception {
    return publish(m, Stage.PRODUCTION);
  }

  /** Publishes {@code m} under its own name in {@code stage}; answers the version. */
  public String publish(ModelArtifacts m, Stage stage) throws Exception {
    RegistryClient pub = client(PUBLISHER_TOKEN);
    ModelName name = ModelName.of(m.client().modelName());
    if (pub.listModels().stream().noneMatch(info -> info.name().equals(name))) {
      pub.createModel(name, "test model");
    }
    Path c = Files.write(Files.createTempFile(dir, "client", ".fhe"), m.client().toBytes());
    Path s = Files.write(Files.createTempFile(dir, "server", ".fhe"), m.server().toBytes());
    ModelVersionInfo v = pub.publishVersion(name, c, s);
    if (stage != v.stage()) {
      pub.setStage(name, v.version(), stage);
    }
    return Integer.toString(v.version().number());
  }

  /** Uploads {@code client}'s evaluation keys; answers the key id (hex SHA-256 of the blob). */
  public String uploadKeys(FheClient client) throws Exception {
    Path k = Files.write(Files.createTempFile(dir, "keys", ".bin"), client.evaluationKeys());
    KeyId id =
        client(OWNER_TOKEN)
            .uploadEvaluationKeys(k, ParameterSetId.of(client.artifact().parameterSetId()))
            .id();
    return id.hex();
  }

  /** The breast-cancer logistic regression compiled at 8 bits (leveled). */
  public static ModelArtifacts breastCancer() throws Exception {
    return breastCancer(8);
  }

  /** The breast-cancer logistic regression compiled at {@code nBits} (leveled). */
  public static ModelArtifacts breastCancer(int nBits) throws Exception {
    Dataset train = Dataset.readCsv(FIXTURES.resolve("breast_cancer_train.csv"));
    return FheLogisticRegression.fromOnnx(FIXTURES.resolve("breast_cancer_logistic.onnx"))
        .withFeatureNames(train.columns())
        .compile(train.rows(), ModelCompileOptions.defaults().withNBits(new NBits(nBits)))
        .artifacts();
  }

  public static double[][] breastCancerTest() throws Exception {
    return Dataset.readCsv(FIXTURES.resolve("breast_cancer_test.csv")).rows();
  }

  /**
   * A two-input circuit of 2-bit lookups (two bootstraps per sample), compiled for the smallest PBS
   * set.
   */
  public static ModelArtifacts lookup(String name) {
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", 2, ValueRange.unsigned(2));
    b.output(b.tableLookup(x, 0, new long[] {2, 3, 0, 1}), "y");
    CompiledCircuit c = Compiler.compile(b.build());
    UniformQuantizer unit = new UniformQuantizer(1, 0, new NBits(2), false);
    ClientArtifact client =
        new ClientArtifact(
            name,
            "1",
            List.of("a", "b"),
            List.of(unit, unit),
            new double[] {1, 1},
            new double[2],
            PostProcessing.regression(Activation.IDENTITY),
            c.parameters().id(),
            c.report(),
            IoLayout.DIRECT,
            c.packedOutputs());
    ServerArtifact server =
        new ServerArtifact(
            name,
            "1",
            c.parameters(),
            c.circuit(),
            c.noise(),
            c.outputModulusLog(),
            c.packedOutputs());
    return new ModelArtifacts(client, server);
  }

  @Override
  public void close() {
    server.close();
  }
}
