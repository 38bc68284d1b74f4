package io.fhestreams.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.schemas.avro.EncryptedPrediction;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;

class AvroTrustTest {

  @Test
  void shouldTrustTheGeneratedClassesAndKeepOtherPackagesUntrusted() {
    AvroTrust.trustSchemaPackage();
    AvroTrust.trustSchemaPackage();
    assertThat(System.getProperty(AvroTrust.PROPERTY)).contains(AvroTrust.PACKAGE);
    assertThat(System.getProperty(AvroTrust.PROPERTY).split(","))
        .containsOnlyOnce(AvroTrust.PACKAGE);
    assertThat(ClassSecurityValidator.getGlobal().isTrusted(EncryptedPrediction.class)).isTrue();
    assertThat(ClassSecurityValidator.getGlobal().isTrusted(java.net.URL.class)).isFalse();
  }
}
