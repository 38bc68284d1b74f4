package io.fhestreams.engine.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The generated passes of {@link VectorFftKernel} are the generator's current output. */
class VectorFftPassesGeneratorTest {

  @Test
  void kernelShouldHoldTheGeneratorsCurrentOutput() throws Exception {
    String kernel = Files.readString(VectorFftPassesGenerator.KERNEL, StandardCharsets.UTF_8);
    String generated = String.join("\n", VectorFftPassesGenerator.region());
    assertThat(
            VectorFftPassesGenerator.withoutLayout(VectorFftPassesGenerator.currentRegion(kernel)))
        .as(
            "VectorFftKernel's generated region differs from VectorFftPassesGenerator's output: run"
                + " its main from fhe-engine, then spotless:apply")
        .isEqualTo(VectorFftPassesGenerator.withoutLayout(generated));
  }

  @Test
  void comparisonShouldSeeAChangedOperationButNotAWrappedLine() {
    String line = "    r0 = c2r0.mul(W2_RE).sub(c2i0.mul(W2_IM));";
    String wrapped = "    r0 =\n        c2r0.mul(W2_RE)\n            .sub(c2i0.mul(W2_IM));";
    String changed = "    r0 = c2r0.mul(W2_RE).add(c2i0.mul(W2_IM));";
    assertThat(VectorFftPassesGenerator.withoutLayout(wrapped))
        .isEqualTo(VectorFftPassesGenerator.withoutLayout(line));
    assertThat(VectorFftPassesGenerator.withoutLayout(changed))
        .isNotEqualTo(VectorFftPassesGenerator.withoutLayout(line));
  }

  @Test
  void kernelWithoutMarkers_fails() {
    assertThatThrownBy(() -> VectorFftPassesGenerator.currentRegion("final class X {}"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expected the markers");
  }
}
