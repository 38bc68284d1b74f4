package io.fhestreams.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsAppMainTest {

  @TempDir Path dir;

  private String runAndCaptureError(int expectedStatus, String... args) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        StreamsAppMain.run(args, Map.of(), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(expectedStatus);
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void badArguments_printUsage() throws Exception {
    assertThat(runAndCaptureError(2, "--conf"))
        .startsWith("fhe app: usage: StreamsAppMain --config FILE");
  }

  @Test
  void missingConfigFile_printsOneLine() throws Exception {
    String err = runAndCaptureError(2, "--config", dir.resolve("missing.properties").toString());
    assertThat(err).contains("missing.properties").hasLineCount(1);
  }

  @Test
  void unknownBackend_namesTheAvailableOnes() throws Exception {
    Path config = dir.resolve("app.properties");
    Files.writeString(config, "app.backend=registry-and-fhe-server\n");
    String err = runAndCaptureError(2, "--config", config.toString());
    assertThat(err).contains("registry-and-fhe-server").contains("test-doubles");
  }
}
