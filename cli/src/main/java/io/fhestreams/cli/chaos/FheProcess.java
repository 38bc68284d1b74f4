package io.fhestreams.cli.chaos;

import io.fhestreams.cli.FheCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One component as its own JVM: {@code java <jvm options> -cp <fhe jar> FheCommand <args>}, the
 * {@code java} of this JVM's {@code java.home}, optionally pinned to one core ({@code taskset -c},
 * which execs the JVM, so the pid is the JVM's), output appended to a log file. Started, killed
 * (SIGKILL through {@link Process#destroyForcibly()}), stopped (SIGTERM: shutdown hooks run) and
 * started again with the same arguments; an exit that this class did not cause is remembered.
 */
final class FheProcess implements AutoCloseable {
  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path log;
  private final String readyLine;
  // guarded by this; an exit is judged when asked (or at the next start), never in an exit
  // callback, which may run after a restart has already begun
  private Process process;
  private boolean askedToEnd;
  private String unexpectedExit;

  /**
   * @param core the CPU the process may run on, or -1 for any
   * @param readyLine text the process prints once it serves, awaited by {@link #start}; null to not
   *     wait
   */
  FheProcess(
      String name,
      Path fheJar,
      List<String> jvmOptions,
      List<String> fheArguments,
      Map<String, String> environment,
      Path log,
      String readyLine,
      int core) {
    this.name = name;
    List<String> c = new ArrayList<>();
    if (core >= 0) {
      c.addAll(List.of("taskset", "-c", Integer.toString(core)));
    }
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    c.addAll(jvmOptions);
    c.add("-cp");
    c.add(fheJar.toString());
    c.add(FheCommand.class.getName());
    c.addAll(fheArguments);
    this.command = List.copyOf(c);
    this.environment = Map.copyOf(environment);
    this.log = log;
    this.readyLine = readyLine;
  }

  /** The name it is reported under. */
  String name() {
    return name;
  }

  /** Starts the process and waits up to {@code timeout} for its ready line. */
  synchronized void start(Duration timeout) throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running");
    }
    noteUnexpectedExit();
    Files.createDirectories(log.getParent());
    long logStart = Files.exists(log) ? Files.size(log) : 0;
    ProcessBuilder builder = new ProcessBuilder(command);
    // the child's configuration is exactly what this class was given, not the driver's own FHE_*
    builder.environment().keySet().removeIf(k -> k.startsWith("FHE_"));
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    askedToEnd = false;
    Process started = builder.start();
    process = started;
    if (readyLine != null) {
      awaitReady(started, logStart, timeout);
    }
  }

  private void awaitReady(Process started, long logStart, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!logSince(logStart).contains(readyLine)) {
      if (!started.isAlive()) {
        throw new IllegalStateException(
            name
                + " exited with status "
                + started.exitValue()
                + " before it was ready; "
                + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            name + " printed no '" + readyLine + "' within " + timeout + "; " + tail());
      }
      Thread.sleep(100);
    }
  }

  private String logSince(long offset) throws IOException {
    byte[] all = Files.readAllBytes(log);
    return new String(
        all,
        (int) Math.min(offset, all.length),
        (int) Math.max(0, all.length - offset),
        StandardCharsets.UTF_8);
  }

  /** The last lines of the log, for an error message. */
  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return "last lines of "
        + log
        + ": "
        + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
  }

  /** Lines of this process's log (every run of it) that contain {@code text}. */
  long logLinesContaining(String text) throws IOException {
    if (!Files.exists(log)) {
      return 0;
    }
    try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
      return lines.filter(l -> l.contains(text)).count();
    }
  }

  /** SIGKILL, and waits for the process to be gone. */
  synchronized void kill() throws InterruptedException {
    askedToEnd = true;
    if (process != null) {
      process.destroyForcibly().waitFor();
    }
  }

  /** SIGTERM (shutdown hooks run); SIGKILL if it has not exited within {@code grace}. */
  synchronized void stop(Duration grace) throws InterruptedException {
    askedToEnd = true;
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /** Why the process (this run or an earlier one) ended without being asked to, or null. */
  synchronized String unexpectedExit() {
    noteUnexpectedExit();
    return unexpectedExit;
  }

  private void noteUnexpectedExit() {
    if (process != null && !process.isAlive() && !askedToEnd && unexpectedExit == null) {
      unexpectedExit = name + " exited by itself with status " + process.exitValue();
    }
  }

  /** Kills the process if it runs: processes the driver started never outlive it. */
  @Override
  public synchronized void close() {
    askedToEnd = true;
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
