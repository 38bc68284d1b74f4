package io.fhestreams.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Forwards bytes to a command's out writer line by line, as they come: for components that print to
 * a {@code PrintStream} while a long-running command serves (e.g. a "listening on" line).
 */
final class CommandOutputStream extends OutputStream {
  private final CommandSpec spec;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  CommandOutputStream(CommandSpec spec) {
    this.spec = spec;
  }

  @Override
  public void write(int b) {
    line.write(b);
    if (b == '\n') {
      flush();
    }
  }

  @Override
  public void flush() {
    spec.commandLine().getOut().print(line.toString(StandardCharsets.UTF_8));
    spec.commandLine().getOut().flush();
    line.reset();
  }
}
