package io.fhestreams.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestKeyTest {
  private static final String KEY_ID = "0123456789abcdef".repeat(4);

  @Test
  void keyIdAlone_isAnOldStyleKeyWithoutBucket() {
    RequestKey k = RequestKey.parse(KEY_ID);
    assertThat(k.keyId()).isEqualTo(KEY_ID);
    assertThat(k.bucket()).isEmpty();
    assertThat(k).hasToString(KEY_ID);
  }

  @Test
  void bucketedKeys_roundTrip() {
    for (int bucket : new int[] {0, 1, 9, 10, 123, RequestKey.MAX_BUCKET}) {
      RequestKey k = RequestKey.parse(KEY_ID + "/" + bucket);
      assertThat(k.keyId()).isEqualTo(KEY_ID);
      assertThat(k.bucket()).isEqualTo(OptionalInt.of(bucket));
      assertThat(RequestKey.parse(k.toString())).isEqualTo(k);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "abc",
        "/1",
        "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/01",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/-1",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/+1",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/ 1",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/1a",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/10000",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.1",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/1/2",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/\u0661",
        " 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      })
  void malformedKeys_areRefusedWithTheExpectedFormat(String key) {
    assertThatThrownBy(() -> RequestKey.parse(key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("record key")
        .hasMessageContaining("expected KEYID or KEYID/BUCKET");
  }

  @Test
  void hugeKey_isRefusedOnItsLengthAndQuotedOnlyInPart() {
    String huge = KEY_ID + "/" + "1".repeat(1_000_000);
    assertThatThrownBy(() -> RequestKey.parse(huge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is 1000065 characters long, at most 69")
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(400));
  }

  @Test
  void controlCharacters_areEscapedInTheMessage() {
    assertThatThrownBy(() -> RequestKey.parse("\u0000\n" + KEY_ID))
        .hasMessageContaining("\\u0000\\u000a");
  }

  @Test
  void constructor_refusesBadFields() {
    assertThatThrownBy(() -> RequestKey.of("xyz")).hasMessageContaining("64 lowercase hex");
    assertThatThrownBy(() -> RequestKey.of(KEY_ID, -1)).hasMessageContaining("[0, 9999]");
    assertThatThrownBy(() -> RequestKey.of(KEY_ID, 10_000)).hasMessageContaining("[0, 9999]");
  }
}
