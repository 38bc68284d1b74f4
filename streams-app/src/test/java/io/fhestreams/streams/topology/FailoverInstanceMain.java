package io.fhestreams.streams.topology;

import io.fhestreams.streams.config.AppConfig;
import io.fhestreams.streams.processor.ChecksumTestEvaluator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

/**
 * TEST ONLY: one application instance in its own JVM, for {@link FailoverIT} to kill with SIGKILL.
 * Arguments: bootstrap servers, schema registry URL. Prints {@code RUNNING} once running, then
 * {@code PROCESSED n} every 100 ms.
 */
public final class FailoverInstanceMain {

  private FailoverInstanceMain() {}

  /** Runs until killed. */
  public static void main(String[] args) throws InterruptedException {
    InferenceApplication app =
        InferenceApplication.start(
            AppConfig.of(KafkaTestClient.appSettings(args[0], args[1])),
            IntegrationRequests.resolver(),
            new ChecksumTestEvaluator(),
            new SimpleMeterRegistry());
    boolean announced = false;
    while (true) {
      if (!announced && app.streams().state() == KafkaStreams.State.RUNNING) {
        System.out.println("RUNNING");
        announced = true;
      }
      System.out.println(
          "PROCESSED "
              + (long) app.metrics().registry().get("fhe.requests.processed").counter().count());
      System.out.flush();
      Thread.sleep(100);
    }
  }
}
