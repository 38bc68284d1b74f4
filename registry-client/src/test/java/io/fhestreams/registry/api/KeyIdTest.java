package io.fhestreams.registry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyIdTest {
  @Test
  void shouldBeTheHexOfASha256Digest() throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest("abc".getBytes());
    assertThat(KeyId.ofDigest(digest).hex())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "abc",
        "../../../../etc/passwd",
        "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0",
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a/"
      })
  void of_refusesAnythingButLowercaseSha256Hex(String text) {
    assertThatThrownBy(() -> KeyId.of(text))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("64 lowercase hex");
  }
}
