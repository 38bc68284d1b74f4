package io.fhestreams.ml.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.compression.ModulusSwitchedGlweCiphertextList;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.PolynomialSize;
import io.fhestreams.engine.serialization.BlobFormatException;
import io.fhestreams.engine.serialization.BlobHeader;
import io.fhestreams.engine.serialization.BlobKind;
import io.fhestreams.engine.serialization.BlobReader;
import io.fhestreams.engine.serialization.BlobWriter;
import io.fhestreams.engine.serialization.CiphertextFormats;
import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.ValueRange;
import io.fhestreams.ml.circuit.exec.NoiseProfile;
import io.fhestreams.ml.compiler.CoefficientEncoding;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A linear model in the coefficient-encoded layout (wine, 3 outputs of 13 inputs: one GLWE
 * ciphertext of k' = 32, N' = 64 each way) through bytes only, its artifacts, and what a client or
 * server refuses.
 */
class CoefficientEncodedModelTest {
  private static final CoefficientEncoding WINE =
      new CoefficientEncoding(new GlweDimension(32), new PolynomialSize(64));

  private static ModelArtifacts model;
  private static FheClient client;
  private static FheServer server;
  private static byte[] keys;

  @BeforeAll
  static void compile() throws Exception {
    model = DeployFixtures.wine().artifacts();
    client = FheClient.generateKeys(model.client());
    server = FheServer.of(model.server());
    keys = client.evaluationKeys();
  }

  @Test
  void everyTestRow_decryptsToTheClearOutputs_inOneGlweCiphertextEachWay() throws Exception {
    assertThat(model.client().coefficientEncoding()).contains(WINE);
    assertThat(model.server().coefficientEncoding()).contains(WINE);
    assertThat(model.client().report().ciphertextLayout()).contains("coefficient-encoded");
    for (double[] x : DeployFixtures.wineTest()) {
      long[] q = model.client().quantize(x);
      byte[] in = client.encrypt(q);
      byte[] out = server.run(in, keys);
      assertThat(BlobReader.readHeader(in).kind()).isEqualTo(BlobKind.SEEDED_GLWE_CIPHERTEXT);
      assertThat(BlobReader.readHeader(out).kind())
          .isEqualTo(BlobKind.MODULUS_SWITCHED_GLWE_CIPHERTEXT_LIST);
      assertThat((long) in.length).isEqualTo(model.client().report().inputBytesPerSample());
      assertThat((long) out.length).isEqualTo(model.client().report().outputBytesPerSample());
      assertThat(client.decrypt(out)).containsExactly(server.runClear(q));
    }
  }

  @Test
  void artifactsRoundTrip_andLayoutThreeReadsAsTheLweLayout() throws Exception {
    ClientArtifact c = ClientArtifact.fromBytes(model.client().toBytes());
    ServerArtifact s = ServerArtifact.fromBytes(model.server().toBytes());
    assertThat(c).isEqualTo(model.client());
    assertThat(s.coefficientEncoding()).contains(WINE);
    assertThat(s.circuit()).isEqualTo(model.server().circuit());

    // artifacts written before the layout existed: the same model in the LWE layout, still exact
    ClientArtifact oldClient =
        ClientArtifact.fromBytes(
            PackedOutputsTest.withLayout(model.client().toBytes(), BlobKind.CLIENT_ARTIFACT, 3));
    ServerArtifact oldServer =
        ServerArtifact.fromBytes(
            PackedOutputsTest.withLayout(model.server().toBytes(), BlobKind.SERVER_ARTIFACT, 3));
    assertThat(oldClient.coefficientEncoding()).isEmpty();
    assertThat(oldServer.coefficientEncoding()).isEmpty();
    FheClient lweClient = FheClient.withKey(oldClient, client.clientKey());
    FheServer lweServer = FheServer.of(oldServer);
    double[] x = DeployFixtures.wineTest()[0];
    byte[] in = lweClient.quantizeEncrypt(x);
    assertThat(BlobReader.readHeader(in).kind()).isEqualTo(BlobKind.SEEDED_LWE_CIPHERTEXT_LIST);
    byte[] out = lweServer.run(in, keys);
    assertThat(BlobReader.readHeader(out).kind())
        .isEqualTo(BlobKind.MODULUS_SWITCHED_LWE_CIPHERTEXT_LIST);
    assertThat(lweClient.decrypt(out)).containsExactly(server.runClear(oldClient.quantize(x)));
    // a server of either layout refuses the other's inputs by their kind
    assertThatThrownBy(() -> server.run(in, keys))
        .isInstanceOf(BlobFormatException.class)
        .hasMessageContaining("SEEDED_LWE_CIPHERTEXT_LIST");
    assertThatThrownBy(() -> lweServer.run(client.quantizeEncrypt(x), keys))
        .isInstanceOf(BlobFormatException.class)
        .hasMessageContaining("SEEDED_GLWE_CIPHERTEXT");
  }

  @Test
  void artifactsDeclaringAnotherPolynomialSize_areRefused() throws Exception {
    assertThatThrownBy(
            () -> ServerArtifact.fromBytes(withPolynomialSize(model.server().toBytes(), 128)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("N'=128, but the circuit's 3 x 13 product is encoded in N'=64");
    assertThatThrownBy(
            () -> ClientArtifact.fromBytes(withPolynomialSize(model.client().toBytes(), 32)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("N'=32, but 3 outputs of 13 inputs are encoded in N'=64");
    assertThatThrownBy(
            () -> ClientArtifact.fromBytes(withPolynomialSize(model.client().toBytes(), -1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("N'=4294967295");
    // a layout on a circuit that is not a linear model's, or packed as well
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", 2, ValueRange.unsigned(2));
    b.output(b.add(x, x), "y");
    Circuit notLinear = b.build();
    ServerArtifact s = model.server();
    assertThatThrownBy(
            () ->
                new ServerArtifact(
                    "m",
                    "1",
                    s.parameters(),
                    notLinear,
                    new NoiseProfile(new double[notLinear.nodes().size()]),
                    s.outputModulusLog(),
                    false,
                    Optional.of(WINE)))
        .hasMessageContaining("not input → matrix product → offset → output");
    assertThatThrownBy(
            () ->
                new ServerArtifact(
                    "m",
                    "1",
                    s.parameters(),
                    s.circuit(),
                    s.noise(),
                    s.outputModulusLog(),
                    true,
                    Optional.of(WINE)))
        .hasMessageContaining("not packed by a key switch as well");
  }

  @Test
  void outputBlobsOfAnotherShapeOrCount_areRefusedByTheClient() throws Exception {
    CiphertextModulusLog b = model.server().outputModulusLog();
    byte[] twoOutputs =
        CiphertextFormats.toBytes(
            new ModulusSwitchedGlweCiphertextList(
                new long
                    [(int)
                        ModulusSwitchedGlweCiphertextList.valueCount(
                            WINE.glweDimension(), WINE.polynomialSize(), 2)],
                WINE.glweDimension(),
                WINE.polynomialSize(),
                2,
                b),
            model.server().parameters());
    assertThatThrownBy(() -> client.decrypt(twoOutputs))
        .hasMessageContaining("has 3 outputs, the output blob holds 2");
    GlweDimension k = new GlweDimension(8);
    PolynomialSize n = new PolynomialSize(256);
    byte[] packingShape =
        CiphertextFormats.toBytes(
            new ModulusSwitchedGlweCiphertextList(
                new long[(int) ModulusSwitchedGlweCiphertextList.valueCount(k, n, 3)], k, n, 3, b),
            model.server().parameters());
    assertThatThrownBy(() -> client.decrypt(packingShape))
        .isInstanceOf(BlobFormatException.class)
        .hasMessageContaining("has k=8, N=256")
        .hasMessageContaining("expects k=32, N=64");
    byte[] good = server.run(client.quantizeEncrypt(DeployFixtures.wineTest()[0]), keys);
    byte[] truncated = Arrays.copyOf(good, good.length - 1);
    assertThatThrownBy(() -> client.decrypt(truncated)).isInstanceOf(BlobFormatException.class);
  }

  /** The artifact blob with its trailing N' (u32) replaced. */
  private static byte[] withPolynomialSize(byte[] blob, int polynomialSize) {
    BlobHeader h = BlobReader.readHeader(blob);
    byte[] payload =
        Arrays.copyOfRange(blob, h.encodedLength(), h.encodedLength() + (int) h.payloadLength());
    ByteBuffer.wrap(payload).putInt(payload.length - 4, polynomialSize);
    return BlobWriter.toBytes(
        h.kind(),
        h.parameterSetId(),
        payload.length,
        w -> w.writeBytes(payload, 0, payload.length));
  }
}
