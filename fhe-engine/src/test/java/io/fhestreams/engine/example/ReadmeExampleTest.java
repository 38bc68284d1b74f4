package io.fhestreams.engine.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.keys.Evaluator;
import io.fhestreams.engine.params.ParameterSets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Runs the example of the module's README, and checks that the README still shows this code: the
 * example cannot rot without this test failing.
 */
class ReadmeExampleTest {

  // Split so that these constants are not themselves taken for the markers.
  private static final String BEGIN = "// example:" + "begin";
  private static final String END = "// example:" + "end";

  @Test
  void readmeExampleBootstrapsEveryMessageThroughTheLookupTable() {
    long seed = new SplittableRandom().nextLong();
    System.out.println("ReadmeExampleTest seed " + seed);
    SplittableRandom random = new SplittableRandom(seed);
    for (int trial = 0; trial < 2; trial++) { // each trial generates keys: seconds
      long message = random.nextLong(16);
      assertThat(example(message))
          .as("seed %d, message %d", seed, message)
          .isEqualTo((message * message + 1) % 16);
    }
  }

  @Test
  void readmeShowsTheExampleVerbatim() throws IOException {
    String source =
        Files.readString(
            Path.of("src/test/java/io/fhestreams/engine/example/ReadmeExampleTest.java"));
    String code = between(source, BEGIN, END).stripIndent().strip();
    String readme = Files.readString(Path.of("README.md"));
    assertThat(readme).contains(code);
  }

  private static long example(long message) {
    // example:begin
    // The client: a secret key for the 4-bit set (TFHE-rs's default, p_fail <= 2^-128 per PBS)
    ClientKey clientKey = ClientKey.generate(ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M128);
    EvaluationKeys serverKeys = clientKey.generateEvaluationKeys(); // what a server may hold
    LweCiphertext encrypted = clientKey.encrypt(message); // message in [0, 16)

    // The server: x -> x^2 + 1 mod 16 through one programmable bootstrap (key switch + PBS)
    Evaluator evaluator = new Evaluator(serverKeys);
    LookupTable square = evaluator.lookupTable(x -> (x * x + 1) % 16);
    LweCiphertext result = evaluator.bootstrap(encrypted, square);

    // The client again
    long decrypted = clientKey.decrypt(result);
    // example:end
    return decrypted;
  }

  private static String between(String text, String begin, String end) {
    int from = text.indexOf(begin) + begin.length();
    return text.substring(text.indexOf('\n', from) + 1, text.lastIndexOf('\n', text.indexOf(end)));
  }
}
