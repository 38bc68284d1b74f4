package io.fhestreams.ml.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.keys.SeededEvaluationKeys;
import io.fhestreams.engine.serialization.BlobHeader;
import io.fhestreams.engine.serialization.BlobKind;
import io.fhestreams.engine.serialization.BlobReader;
import io.fhestreams.engine.serialization.BlobWriter;
import io.fhestreams.engine.serialization.EvaluationKeyFormats;
import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.ValueRange;
import io.fhestreams.ml.compiler.CompiledCircuit;
import io.fhestreams.ml.compiler.Compiler;
import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.PostProcessing;
import io.fhestreams.ml.quantization.UniformQuantizer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Packed outputs end to end on a bootstrapping circuit with 300 outputs (two GLWE ciphertexts), and
 * what stays compatible: keys without the packing key get unpacked outputs, and artifacts of layout
 * 2 read as unpacked.
 */
class PackedOutputsTest {
  private static final int OUTPUTS = 300;

  private static CompiledCircuit compiled() {
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", OUTPUTS, ValueRange.unsigned(2));
    b.output(b.tableLookup(x, 0, new long[] {2, 3, 0, 1}), "y");
    return Compiler.compile(b.build());
  }

  private static ModelArtifacts artifacts(CompiledCircuit c) {
    UniformQuantizer unit = new UniformQuantizer(1, 0, new NBits(2), false);
    String[] names = new String[OUTPUTS];
    Arrays.setAll(names, i -> "f" + i);
    ClientArtifact client =
        new ClientArtifact(
            "lut",
            "1",
            List.of(names),
            java.util.Collections.nCopies(OUTPUTS, unit),
            new double[OUTPUTS],
            new double[OUTPUTS],
            PostProcessing.regression(Activation.IDENTITY),
            c.parameters().id(),
            c.report(),
            IoLayout.DIRECT,
            c.packedOutputs());
    ServerArtifact server =
        new ServerArtifact(
            "lut",
            "1",
            c.parameters(),
            c.circuit(),
            c.noise(),
            c.outputModulusLog(),
            c.packedOutputs());
    return new ModelArtifacts(client, server);
  }

  @Test
  void packedOutputsDecryptExactlyAndOldKeysStillGetUnpackedOnes() throws Exception {
    CompiledCircuit c = compiled();
    assertThat(c.packedOutputs()).isTrue();
    ModelArtifacts m = artifacts(c);
    FheClient client = FheClient.generateKeys(m.client());
    FheServer server = FheServer.of(m.server());
    byte[] keyBlob = client.evaluationKeys();
    assertThat((long) keyBlob.length).isEqualTo(c.report().evaluationKeyBytes());
    EvaluationKeys keys = FheServer.readEvaluationKeys(keyBlob, c.parameters());
    assertThat(keys.packingKeyswitchKey()).isPresent();

    long seed = new SplittableRandom().nextLong();
    System.out.println("PackedOutputsTest seed " + seed);
    long[] q = new SplittableRandom(seed).longs(OUTPUTS, 0, 4).toArray();
    byte[] in = client.encrypt(q);
    byte[] packed = server.run(in, keys);
    assertThat(BlobReader.readHeader(packed).kind())
        .isEqualTo(BlobKind.MODULUS_SWITCHED_GLWE_CIPHERTEXT_LIST);
    assertThat((long) packed.length).isEqualTo(c.report().outputBytesPerSample());
    assertThat(client.decrypt(packed)).containsExactly(server.runClear(q));

    // a client whose uploaded keys predate packing
    EvaluationKeys oldKeys =
        FheServer.readEvaluationKeys(
            EvaluationKeyFormats.toBytes(SeededEvaluationKeys.generate(client.clientKey())),
            c.parameters());
    byte[] unpacked = server.run(in, oldKeys);
    assertThat(BlobReader.readHeader(unpacked).kind())
        .isEqualTo(BlobKind.MODULUS_SWITCHED_LWE_CIPHERTEXT_LIST);
    assertThat(client.decrypt(unpacked)).containsExactly(server.runClear(q));
    System.out.printf(
        "%d outputs of %s: packed %d B, unpacked %d B%n",
        OUTPUTS, c.parameters().id(), packed.length, unpacked.length);
    assertThat(packed.length).isLessThan(unpacked.length / 100);
  }

  @Test
  void layoutTwoArtifactsReadAsUnpackedAndAnUnknownLayoutIsRefused() throws Exception {
    ModelArtifacts m = artifacts(compiled());
    ServerArtifact server =
        ServerArtifact.fromBytes(withLayout(m.server().toBytes(), BlobKind.SERVER_ARTIFACT, 2));
    assertThat(server.packedOutputs()).isFalse();
    assertThat(server.circuit()).isEqualTo(m.server().circuit());
    ClientArtifact client =
        ClientArtifact.fromBytes(withLayout(m.client().toBytes(), BlobKind.CLIENT_ARTIFACT, 2));
    assertThat(client.packedOutputs()).isFalse();
    assertThat(ServerArtifact.fromBytes(m.server().toBytes()).packedOutputs()).isTrue();
    assertThat(ClientArtifact.fromBytes(m.client().toBytes()).packedOutputs()).isTrue();
    assertThatThrownBy(
            () ->
                ServerArtifact.fromBytes(
                    withLayout(m.server().toBytes(), BlobKind.SERVER_ARTIFACT, 5)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("layout version 5 is not supported; this reader knows 2 to 4");
  }

  /**
   * The blob of a layout-4 artifact rewritten as layout {@code version}: layout 3 has no compile
   * report layout string and no trailing N' (u32), layout 2 no packed-outputs flag either.
   */
  static byte[] withLayout(byte[] blob, BlobKind kind, int version) {
    BlobHeader h = BlobReader.readHeader(blob);
    int from = h.encodedLength();
    int length = (int) h.payloadLength() - (version == 2 ? 5 : version == 3 ? 4 : 0);
    byte[] cut = Arrays.copyOfRange(blob, from, from + length);
    byte[] payload =
        version < 4 && kind == BlobKind.CLIENT_ARTIFACT ? withoutReportLayout(cut, blob) : cut;
    ByteBuffer.wrap(payload).putInt(0, version);
    return BlobWriter.toBytes(
        kind, h.parameterSetId(), payload.length, w -> w.writeBytes(payload, 0, payload.length));
  }

  /** The payload without the compile report's ciphertext layout (its last field, a UTF string). */
  private static byte[] withoutReportLayout(byte[] payload, byte[] blob) {
    String layout;
    try {
      layout = ClientArtifact.fromBytes(blob).report().ciphertextLayout();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    java.io.ByteArrayOutputStream utf = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(utf)) {
      out.writeUTF(layout);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    byte[] field = utf.toByteArray();
    for (int at = 0; at + field.length <= payload.length; at++) {
      if (Arrays.equals(payload, at, at + field.length, field, 0, field.length)) {
        byte[] out = new byte[payload.length - field.length];
        System.arraycopy(payload, 0, out, 0, at);
        System.arraycopy(payload, at + field.length, out, at, out.length - at);
        return out;
      }
    }
    throw new IllegalStateException("the report's layout string is not in the payload");
  }
}
