package io.fhestreams.engine.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ClientKeyTest {

  static java.util.List<ParameterSet> allSets() {
    return ParameterSets.all();
  }

  @ParameterizedTest
  @MethodSource("allSets")
  void shouldRoundTripEveryMessage(ParameterSet params) {
    ClientKey key = TestKeys.client(params);
    if (params.supportsBootstrap()) {
      for (long m = 0; m < params.messageModulus(); m++) {
        assertThat(key.decrypt(key.encrypt(m))).as("message %d", m).isEqualTo(m);
      }
    } else {
      long seed = new SplittableRandom().nextLong();
      SplittableRandom rnd = new SplittableRandom(seed);
      long min = MessageEncoding.minMessage(params);
      long max = MessageEncoding.maxMessage(params);
      for (long m : new long[] {min, min + 1, -1, 0, 1, max - 1, max}) {
        assertThat(key.decrypt(key.encrypt(m))).as("message %d", m).isEqualTo(m);
      }
      for (int i = 0; i < 2000; i++) {
        long m = rnd.nextLong(min, max + 1);
        assertThat(key.decrypt(key.encrypt(m))).as("message %d (seed %d)", m, seed).isEqualTo(m);
      }
    }
  }

  @Test
  void encryptOutOfRangeMessage_fails() {
    ClientKey key = TestKeys.client(ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64);
    assertThatThrownBy(() -> key.encrypt(16)).hasMessageContaining("message 16 outside [0, 15]");
    assertThatThrownBy(() -> key.encrypt(-1)).hasMessageContaining("outside [0, 15]");
  }

  @Test
  void toStringShouldNotPrintMaterial() {
    ClientKey key = TestKeys.client(ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M64);
    assertThat(key.toString()).contains("not printed").doesNotContain("[");
    assertThat(key.glweSecretKey(InsecureSecretKeyAccess.get()).toString()).contains("not printed");
  }
}
