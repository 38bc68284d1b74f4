package io.fhestreams.schemas.serde;

import io.fhestreams.schemas.avro.DeadLetter;
import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.schemas.avro.EncryptedPrediction;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.SplittableRandom;

/** Sample records with random contents, for serde tests. */
final class TestRecords {

  private TestRecords() {}

  static EncryptedInferenceRequest request(SplittableRandom random) {
    return EncryptedInferenceRequest.newBuilder()
        .setRequestId("req-" + random.nextLong())
        .setModelName("iris-logreg")
        .setModelVersion(Integer.toString(random.nextInt(1, 9)))
        .setKeyId("key-" + Long.toHexString(random.nextLong()))
        .setParameterSetId("TFHE_4BIT_128")
        .setInputCiphertexts(ByteBuffer.wrap(bytes(random, random.nextInt(0, 5000))))
        .setCreatedAt(Instant.ofEpochMilli(random.nextLong(0, 4_000_000_000_000L)))
        .build();
  }

  static EncryptedPrediction prediction(SplittableRandom random) {
    return EncryptedPrediction.newBuilder()
        .setRequestId("req-" + random.nextLong())
        .setModelName("iris-logreg")
        .setModelVersion("3")
        .setKeyId("key-" + Long.toHexString(random.nextLong()))
        .setParameterSetId("TFHE_4BIT_128")
        .setOutputCiphertexts(ByteBuffer.wrap(bytes(random, random.nextInt(0, 3000))))
        .setProcessingTimeMicros(random.nextLong(0, 1_000_000_000L))
        .setRequestCreatedAt(Instant.ofEpochMilli(random.nextLong(0, 4_000_000_000_000L)))
        .setCompletedAt(Instant.ofEpochMilli(random.nextLong(0, 4_000_000_000_000L)))
        .build();
  }

  static DeadLetter deadLetter(SplittableRandom random) {
    boolean hasKey = random.nextBoolean();
    return DeadLetter.newBuilder()
        .setReason("UNKNOWN_MODEL")
        .setMessage("model iris-logreg version 9 not found")
        .setRequestId(random.nextBoolean() ? null : "req-" + random.nextLong())
        .setOriginalTopic("fhe.requests")
        .setOriginalPartition(random.nextInt(0, 64))
        .setOriginalOffset(random.nextLong(0, Long.MAX_VALUE))
        .setOriginalKey(hasKey ? ByteBuffer.wrap(bytes(random, 64)) : null)
        .setOriginalValue(ByteBuffer.wrap(bytes(random, random.nextInt(0, 2000))))
        .setFailedAt(Instant.ofEpochMilli(random.nextLong(0, 4_000_000_000_000L)))
        .build();
  }

  static byte[] bytes(SplittableRandom random, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) random.nextInt(256);
    }
    return b;
  }
}
