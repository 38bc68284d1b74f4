package io.fhestreams.streams.config;

import io.fhestreams.streams.processor.CostBudget;
import io.fhestreams.streams.processor.DeadLetterDeserializationHandler;
import io.fhestreams.streams.processor.InferenceProcessor;
import io.fhestreams.streams.processor.RecordLimits;
import io.fhestreams.streams.processor.RetryPolicy;
import io.fhestreams.streams.processor.WorkerPoolSize;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;

/**
 * The application's configuration: Kafka Streams settings, the serde's schema-registry settings
 * ({@code schema.registry.url} and Confluent's other names) and the application's own {@code app.*}
 * keys, all in one flat property map.
 *
 * <h2>Sources, later wins</h2>
 *
 * <ol>
 *   <li>built-in defaults ({@link #defaults()}),
 *   <li>the properties file,
 *   <li>environment variables: every variable {@code FHE_X_Y} sets key {@code x.y} (prefix {@code
 *       FHE_} removed, lower-cased, {@code _} replaced by {@code .}); e.g. {@code
 *       FHE_BOOTSTRAP_SERVERS} sets {@code bootstrap.servers}, {@code FHE_APP_WORKER_THREADS} sets
 *       {@code app.worker.threads}. Keys containing {@code _} or {@code -} cannot be set this way;
 *       use the file.
 * </ol>
 *
 * <h2>Fixed settings</h2>
 *
 * {@code processing.guarantee=exactly_once_v2}, the dead-letter deserialization handler and the
 * log-and-fail processing handler are always set, whatever the sources say, because the no-loss
 * guarantees rest on them.
 *
 * <h2>Group membership</h2>
 *
 * Each instance (one process) should set {@value #GROUP_INSTANCE_ID}, unique within the application
 * id ({@code fhe app --instance-id}, or {@code FHE_GROUP_INSTANCE_ID}): it becomes a static member
 * of the consumer group (Kafka Streams suffixes it with each stream thread's index), so that an
 * instance restarted within {@value #SESSION_TIMEOUT_MS} gets its own partitions back and the other
 * instances are not rebalanced. A static member's partitions are not reassigned before its session
 * times out, so the session timeout is also the least time the partitions of a killed instance that
 * does not come back stay unserved. Heartbeats come from the consumer's own thread, not from the
 * stream thread, so records of many seconds do not delay them; only a JVM that cannot run any
 * thread for the whole timeout (long GC pause, starved host) is evicted by mistake. Hence the
 * defaults: {@value #DEFAULT_SESSION_TIMEOUT_MS} ms (the broker's default minimum is 6 s), a
 * heartbeat every {@value #DEFAULT_HEARTBEAT_INTERVAL_MS} ms (ten per session: a member misses nine
 * before it is evicted, and the survivors learn of a rebalance within a second). See the failover
 * figures in the README.
 *
 * <h2>Application keys</h2>
 *
 * {@value #WORKER_THREADS} (default: available processors), {@value #WORKER_QUEUE_CAPACITY}
 * (default 4096), {@value #RETRY_INITIAL_BACKOFF_MS} (100), {@value #RETRY_MAX_BACKOFF_MS} (2000),
 * {@value #RETRY_MAX_BLOCK_MS} (8000, must stay below {@code transaction.timeout.ms} and {@code
 * max.poll.interval.ms}), {@value #SHUTDOWN_TIMEOUT_MS} (30000), {@value #METRICS_PORT} (0 = no
 * Prometheus endpoint), {@value #METRICS_HOST} (the address it binds: 127.0.0.1, loopback only,
 * unless set; {@code 0.0.0.0} for every interface, e.g. in a container), {@value
 * #RECORD_DEADLINE_MS} (120000), {@value #RECORD_MAX_ATTEMPTS} (3), {@value #UNKNOWN_GRACE_MS}
 * (3000), {@value #REFUSAL_CACHE_MS} (60000), {@value #OUTPUT_MAX_BYTES} (the producer's {@code
 * max.request.size}, 1 MiB by default). The grace, twice the retry block and the deadline together
 * must stay below {@code max.poll.interval.ms}. {@value #POLL_COST_BUDGET_MS} (1000, below half
 * {@code transaction.timeout.ms}): the estimated work of one poll and one transaction ({@link
 * CostBudget}); {@code max.poll.records} defaults to 500, the most cheap records one poll fetches.
 * The producer's {@code producer.batch.size} defaults to 131072 and {@code producer.linger.ms} to 0
 * (streams-app README, "Polling and committing by cost").
 */
public final class AppConfig {

  /** Prefix of environment variables that override keys. */
  public static final String ENV_PREFIX = "FHE_";

  /** Worker threads of the shared pool. */
  public static final String WORKER_THREADS = "app.worker.threads";

  /** Tasks that may wait for a worker. */
  public static final String WORKER_QUEUE_CAPACITY = "app.worker.queue.capacity";

  /** First backoff on a retryable failure. */
  public static final String RETRY_INITIAL_BACKOFF_MS = "app.retry.initial.backoff.ms";

  /** Longest single backoff. */
  public static final String RETRY_MAX_BACKOFF_MS = "app.retry.max.backoff.ms";

  /** Longest total block on one record before the thread is replaced and the record re-read. */
  public static final String RETRY_MAX_BLOCK_MS = "app.retry.max.block.ms";

  /** How long shutdown waits for the streams to close. */
  public static final String SHUTDOWN_TIMEOUT_MS = "app.shutdown.timeout.ms";

  /** Port of the Prometheus scrape endpoint, 0 for none. */
  public static final String METRICS_PORT = "app.metrics.port";

  /** Address the Prometheus scrape endpoint binds. */
  public static final String METRICS_HOST = "app.metrics.host";

  /** Longest evaluation of one record before it is dead-lettered as DEADLINE_EXCEEDED. */
  public static final String RECORD_DEADLINE_MS = "app.record.deadline.ms";

  /**
   * Estimated work one poll hands the stream thread and one transaction holds ({@link CostBudget}).
   */
  public static final String POLL_COST_BUDGET_MS = "app.poll.cost.budget.ms";

  /** Reads of one offset without an outcome before the record is QUARANTINED. */
  public static final String RECORD_MAX_ATTEMPTS = "app.record.max.attempts";

  /** How long an unknown model or key is looked up again before UNKNOWN_MODEL/UNKNOWN_KEY. */
  public static final String UNKNOWN_GRACE_MS = "app.unknown.grace.ms";

  /** How long a refused model or key is remembered (0: not remembered). */
  public static final String REFUSAL_CACHE_MS = "app.refusal.cache.ms";

  /** Largest prediction or dead letter handed to the producer (OUTPUT_TOO_LARGE above it). */
  public static final String OUTPUT_MAX_BYTES =
      DeadLetterDeserializationHandler.OUTPUT_MAX_BYTES_CONFIG;

  /** The consumer's static member id ({@code group.instance.id}); unset = dynamic membership. */
  public static final String GROUP_INSTANCE_ID = ConsumerConfig.GROUP_INSTANCE_ID_CONFIG;

  /** How long the group waits for a silent member before reassigning its partitions. */
  public static final String SESSION_TIMEOUT_MS = ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG;

  /** Default of {@value #SESSION_TIMEOUT_MS}: see the class comment. */
  public static final int DEFAULT_SESSION_TIMEOUT_MS = 10_000;

  /** How often the consumer tells the group it is alive. */
  public static final String HEARTBEAT_INTERVAL_MS = ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG;

  /** Default of {@value #HEARTBEAT_INTERVAL_MS}: see the class comment. */
  public static final int DEFAULT_HEARTBEAT_INTERVAL_MS = 1_000;

  /** Exactly-once producers of Kafka Streams default to this transaction timeout. */
  private static final long STREAMS_EOS_TRANSACTION_TIMEOUT_MS = 10_000;

  private final Map<String, Object> values;

  private AppConfig(Map<String, Object> values) {
    this.values = values;
    validate();
  }

  /**
   * Defaults, then the file, then environment overrides; fails with a message naming the bad key.
   */
  public static AppConfig load(Path file, Map<String, String> environment) {
    Properties fromFile = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      fromFile.load(reader);
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
    }
    Map<String, Object> merged = new HashMap<>();
    fromFile.stringPropertyNames().forEach(k -> merged.put(k, fromFile.getProperty(k).trim()));
    merged.putAll(environmentOverrides(environment));
    return of(merged);
  }

  /**
   * Defaults overlaid with {@code settings} (values may be objects, e.g. for tests), then the fixed
   * settings.
   */
  public static AppConfig of(Map<String, ?> settings) {
    Map<String, Object> values = new HashMap<>(defaults());
    values.putAll(settings);
    values.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    values.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterDeserializationHandler.class.getName());
    values.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndFailProcessingExceptionHandler.class.getName());
    return new AppConfig(values);
  }

  /**
   * The keys set by {@code FHE_*} variables of {@code environment}, by the rule in the class
   * comment.
   */
  public static Map<String, String> environmentOverrides(Map<String, String> environment) {
    Map<String, String> out = new HashMap<>();
    environment.forEach(
        (name, value) -> {
          if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
            out.put(
                name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'),
                value);
          }
        });
    return out;
  }

  /** Built-in defaults; the properties file and the environment override them. */
  public static Map<String, Object> defaults() {
    Map<String, Object> d = new HashMap<>();
    d.put(StreamsConfig.APPLICATION_ID_CONFIG, "fhe-streams");
    d.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    d.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "fhe.requests.dlq");
    d.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
    // A stream thread processes what one poll returns before it commits, so a poll of several
    // tree records (seconds each) would outlast the 10 s exactly-once transaction timeout: the
    // broker aborts the transaction and the thread is fenced and processes them all again. The
    // consumer hands on only a cost budget's worth of each poll (app.poll.cost.budget.ms, from the
    // models' compile reports; one expensive record alone) and the processor asks for a commit when
    // the budget is spent, so a poll may fetch many cheap records; unprefixed, so either spelling
    // in
    // the file overrides it.
    d.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
    d.put(POLL_COST_BUDGET_MS, Long.toString(InferenceProcessor.DEFAULT_COST_BUDGET.toMillis()));
    // A prediction of a cheap model is about 8 KiB: the producer's default 16 KiB batch holds one,
    // so each produce request carried one record per partition and the flush of every exactly-once
    // commit waited for several round trips of five in-flight requests. Batches of 128 KiB sent
    // without lingering (Kafka Streams sets linger.ms=100, but under exactly-once every commit
    // flushes anyway) leave as soon as the sender is free and fill while requests are in flight.
    d.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), "131072");
    d.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "0");
    d.put(SESSION_TIMEOUT_MS, Integer.toString(DEFAULT_SESSION_TIMEOUT_MS));
    d.put(HEARTBEAT_INTERVAL_MS, Integer.toString(DEFAULT_HEARTBEAT_INTERVAL_MS));
    d.put(WORKER_THREADS, Integer.toString(Runtime.getRuntime().availableProcessors()));
    d.put(WORKER_QUEUE_CAPACITY, "4096");
    d.put(RETRY_INITIAL_BACKOFF_MS, "100");
    d.put(RETRY_MAX_BACKOFF_MS, "2000");
    d.put(RETRY_MAX_BLOCK_MS, "8000");
    d.put(SHUTDOWN_TIMEOUT_MS, "30000");
    d.put(METRICS_PORT, "0");
    d.put(RECORD_DEADLINE_MS, "120000");
    d.put(RECORD_MAX_ATTEMPTS, "3");
    d.put(UNKNOWN_GRACE_MS, "3000");
    d.put(REFUSAL_CACHE_MS, "60000");
    // Loopback: metrics name models and keys in use, and nothing outside this host asked for them.
    d.put(METRICS_HOST, "127.0.0.1");
    return d;
  }

  private void validate() {
    workerPoolSize();
    RetryPolicy retry = retryPolicy();
    shutdownTimeout();
    metricsPort();
    metricsHost();
    Object instanceId = values.get(GROUP_INSTANCE_ID);
    if (instanceId != null && instanceId.toString().isBlank()) {
      throw new ConfigException(
          GROUP_INSTANCE_ID, instanceId, "must be a non-blank id unique in the application id");
    }
    long session = longValue(SESSION_TIMEOUT_MS, DEFAULT_SESSION_TIMEOUT_MS);
    long heartbeat = longValue(HEARTBEAT_INTERVAL_MS, DEFAULT_HEARTBEAT_INTERVAL_MS);
    if (heartbeat <= 0 || 3 * heartbeat > session) {
      throw new ConfigException(
          HEARTBEAT_INTERVAL_MS,
          heartbeat,
          "must be positive and at most a third of "
              + SESSION_TIMEOUT_MS
              + " ("
              + session
              + "), so that a member misses several heartbeats before it is evicted");
    }
    long txTimeout =
        longValue(
            StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
            longValue(
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, STREAMS_EOS_TRANSACTION_TIMEOUT_MS));
    if (retry.maxBlock().toMillis() >= txTimeout) {
      throw new ConfigException(
          RETRY_MAX_BLOCK_MS,
          retry.maxBlock().toMillis(),
          "must be below the producer's transaction.timeout.ms (" + txTimeout + ")");
    }
    long budget = costBudget().budgetNanos() / 1_000_000;
    if (budget >= txTimeout / 2) {
      throw new ConfigException(
          POLL_COST_BUDGET_MS,
          budget,
          "must be below half the producer's transaction.timeout.ms ("
              + txTimeout
              + "): one transaction holds up to the budget plus one record");
    }
    long maxPoll =
        longValue(
            StreamsConfig.consumerPrefix("max.poll.interval.ms"),
            longValue("max.poll.interval.ms", 300_000));
    if (retry.maxBlock().toMillis() >= maxPoll) {
      throw new ConfigException(
          RETRY_MAX_BLOCK_MS,
          retry.maxBlock().toMillis(),
          "must be below max.poll.interval.ms (" + maxPoll + ")");
    }
    RecordLimits limits = recordLimits();
    // one record may wait out the grace, then the retries of its resolution and evaluation, then
    // its deadline, all without polling: together they must leave the consumer in its group
    long longestRecordMs =
        limits.unknownGrace().toMillis()
            + 2 * retry.maxBlock().toMillis()
            + limits.deadline().toMillis();
    if (longestRecordMs >= maxPoll) {
      throw new ConfigException(
          RECORD_DEADLINE_MS,
          limits.deadline().toMillis(),
          "the deadline plus "
              + UNKNOWN_GRACE_MS
              + " plus twice "
              + RETRY_MAX_BLOCK_MS
              + " ("
              + longestRecordMs
              + " ms) must be below max.poll.interval.ms ("
              + maxPoll
              + ")");
    }
    long maxRequest =
        longValue(
            StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
            longValue(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                DeadLetterDeserializationHandler.DEFAULT_OUTPUT_MAX_BYTES));
    if (limits.maxOutputBytes() > maxRequest) {
      throw new ConfigException(
          OUTPUT_MAX_BYTES,
          limits.maxOutputBytes(),
          "must not exceed the producer's max.request.size (" + maxRequest + ")");
    }
  }

  /** What one record may cost before it is dead-lettered. */
  public RecordLimits recordLimits() {
    long maxOutput =
        longValue(
            OUTPUT_MAX_BYTES,
            longValue(
                StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                longValue(
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                    DeadLetterDeserializationHandler.DEFAULT_OUTPUT_MAX_BYTES)));
    if (maxOutput > Integer.MAX_VALUE) {
      throw new ConfigException(OUTPUT_MAX_BYTES, maxOutput, "out of int range");
    }
    try {
      return new RecordLimits(
          Duration.ofMillis(longValue(RECORD_DEADLINE_MS, -1)),
          intValue(RECORD_MAX_ATTEMPTS),
          Duration.ofMillis(longValue(UNKNOWN_GRACE_MS, -1)),
          Duration.ofMillis(longValue(REFUSAL_CACHE_MS, -1)),
          (int) maxOutput);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "app.record.*, app.unknown.*, app.refusal.*, app.output.*: " + e.getMessage());
    }
  }

  /** Every setting, as the map given to Kafka Streams and the serdes (read-only). */
  public Map<String, Object> asMap() {
    return Collections.unmodifiableMap(values);
  }

  /** The settings as {@link Properties} for {@code KafkaStreams}. */
  public Properties toProperties() {
    Properties p = new Properties();
    p.putAll(values);
    return p;
  }

  /** This configuration with {@code key} set to {@code value} (objects allowed). */
  public AppConfig with(String key, Object value) {
    Map<String, Object> copy = new HashMap<>(values);
    copy.put(key, value);
    return new AppConfig(copy);
  }

  /** The value of {@code key} as text, or null. */
  public String get(String key) {
    Object v = values.get(key);
    return v == null ? null : v.toString();
  }

  /** A fresh budget of {@value #POLL_COST_BUDGET_MS} per poll and per transaction. */
  public CostBudget costBudget() {
    long millis = longValue(POLL_COST_BUDGET_MS, -1);
    if (millis <= 0) {
      throw new ConfigException(POLL_COST_BUDGET_MS, millis, "expected a positive duration in ms");
    }
    return new CostBudget(Duration.ofMillis(millis));
  }

  /** Size of the shared worker pool. */
  public WorkerPoolSize workerPoolSize() {
    return new WorkerPoolSize(intValue(WORKER_THREADS), intValue(WORKER_QUEUE_CAPACITY));
  }

  /** Backoff and bound of retries on a retryable failure. */
  public RetryPolicy retryPolicy() {
    try {
      return new RetryPolicy(
          Duration.ofMillis(longValue(RETRY_INITIAL_BACKOFF_MS, -1)),
          Duration.ofMillis(longValue(RETRY_MAX_BACKOFF_MS, -1)),
          Duration.ofMillis(longValue(RETRY_MAX_BLOCK_MS, -1)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("app.retry.*: " + e.getMessage());
    }
  }

  /** How long shutdown waits for the streams to close. */
  public Duration shutdownTimeout() {
    return Duration.ofMillis(longValue(SHUTDOWN_TIMEOUT_MS, -1));
  }

  /** Port of the Prometheus endpoint, 0 for none. */
  public int metricsPort() {
    int port = intValue(METRICS_PORT);
    if (port < 0 || port > 65535) {
      throw new ConfigException(METRICS_PORT, port, "expected 0 (off) or a TCP port");
    }
    return port;
  }

  /** Address the Prometheus endpoint binds (a host name or an IP literal). */
  public String metricsHost() {
    String host = get(METRICS_HOST);
    if (host == null || host.isBlank()) {
      throw new ConfigException(
          METRICS_HOST, host, "expected an address to bind, e.g. 127.0.0.1 or 0.0.0.0");
    }
    return host.trim();
  }

  private int intValue(String key) {
    long v = longValue(key, Long.MIN_VALUE);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new ConfigException(key, v, "out of int range");
    }
    return (int) v;
  }

  private long longValue(String key, long dflt) {
    Object v = values.get(key);
    if (v == null) {
      if (dflt == Long.MIN_VALUE) {
        throw new ConfigException("missing configuration " + key);
      }
      return dflt;
    }
    try {
      return Long.parseLong(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key, v, "expected an integer");
    }
  }

  /** Lists the keys, never the values (they may hold credentials). */
  @Override
  public String toString() {
    return "AppConfig" + new java.util.TreeSet<>(values.keySet());
  }
}
