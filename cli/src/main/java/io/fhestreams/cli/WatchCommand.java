package io.fhestreams.cli;

import io.fhestreams.clients.consumer.PredictionConsumer;
import io.fhestreams.clients.consumer.SentRequests;
import io.fhestreams.clients.producer.ClientIdentity;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fhe watch}: prints the decrypted predictions of the client's key id as they arrive on
 * {@code fhe.predictions}, one line each; stops after {@code --count} predictions, after {@code
 * --idle} without one, or on Ctrl-C. By default only the answers to requests {@code fhe send} sent
 * with this keystore (their ids are in the journal {@code KEYSTORE.sent}); {@code --all} prints
 * every prediction of the key id. Records that do not decode, name another key inside or do not
 * decrypt are set aside with a line on stderr, and the watch goes on.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = "Print the decrypted predictions for your key id as they arrive.")
public final class WatchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin KeystoreOptions keys;

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--from-beginning",
      description = "also print the predictions already on the topic")
  boolean fromBeginning;

  @Option(
      names = "--count",
      defaultValue = "0",
      paramLabel = "N",
      description = "stop after N predictions (default: 0, never)")
  long count;

  @Option(
      names = "--idle",
      paramLabel = "DURATION",
      description = "stop after this long without a prediction, e.g. PT30S (default: never)")
  Duration idle;

  @Option(
      names = "--all",
      description =
          "decrypt every prediction of your key id, not only the answers to requests fhe send sent"
              + " with this keystore")
  boolean all;

  @Override
  public Integer call() throws Exception {
    ClientIdentity identity = keys.load();
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch enough = new CountDownLatch(1);
    AtomicLong lastSeen = new AtomicLong(System.nanoTime());
    AtomicLong seen = new AtomicLong();
    try (PredictionConsumer consumer =
        PredictionConsumer.start(
            kafka.endpoints(null, null),
            identity,
            d -> {
              synchronized (out) {
                out.printf(
                    "%s  %s v%s  prediction %s  [%s]  server %.2f ms, end to end %d ms%n",
                    d.requestId(),
                    d.modelName(),
                    d.modelVersion(),
                    SendCommand.label(d.prediction()),
                    SendCommand.values(d.prediction()),
                    d.serverProcessing().toNanos() / 1e6,
                    d.endToEnd().toMillis());
                out.flush();
              }
              lastSeen.set(System.nanoTime());
              if (seen.incrementAndGet() == count) {
                enough.countDown();
              }
            },
            PredictionConsumer.Options.defaults()
                .withFromBeginning(fromBeginning)
                .withAllOfKey(all)
                .withSent(SentRequests.journal(SentRequests.journalBeside(keys.keystore)))
                .withOnSkip(
                    s -> {
                      PrintWriter err = spec.commandLine().getErr();
                      synchronized (err) {
                        err.printf(
                            "fhe watch: skipped %s-%d@%d (%s): %s%n",
                            s.topic(), s.partition(), s.offset(), s.reason(), s.detail());
                        err.flush();
                      }
                    }))) {
      spec.commandLine()
          .getErr()
          .println("fhe watch: key id " + identity.keyId() + ", waiting for predictions...");
      spec.commandLine().getErr().flush();
      while (!enough.await(200, TimeUnit.MILLISECONDS)) {
        if (idle != null && System.nanoTime() - lastSeen.get() > idle.toNanos()) {
          break;
        }
      }
    }
    if (count > 0 && seen.get() < count) {
      spec.commandLine()
          .getErr()
          .println(
              "fhe watch: saw "
                  + seen.get()
                  + " of "
                  + count
                  + " predictions before going idle for "
                  + idle);
      spec.commandLine().getErr().flush();
      return 3;
    }
    return 0;
  }
}
