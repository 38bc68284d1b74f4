package io.fhestreams.cli;

import io.fhestreams.clients.producer.ClientIdentity;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fhe keygen}: generates a client's keys for a compiled model, writes the secret key to a
 * keystore file (permissions 600, optionally password-protected) and the evaluation keys beside it.
 */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description =
        "Generate a client key for a compiled model: a keystore (600) and the evaluation keys beside it.")
public final class KeygenCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin KeystoreOptions keys;

  @Option(names = "--force", description = "replace an existing keystore (its key is lost)")
  boolean force;

  @Override
  public Integer call() throws Exception {
    if (Files.exists(keys.keystore) && !force) {
      throw new IllegalArgumentException(
          "keystore " + keys.keystore + " already exists (use --force to replace it)");
    }
    long start = System.nanoTime();
    ClientIdentity identity = ClientIdentity.generate(keys.clientArtifact());
    identity.save(keys.keystore, keys.password());
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "generated keys for %s in %.0f ms%n",
        identity.client().artifact().modelName(), (System.nanoTime() - start) / 1e6);
    out.println(
        "keystore         "
            + keys.keystore
            + (keys.passwordFile == null ? " (no password)" : " (password-protected)"));
    out.println(
        "evaluation keys  "
            + ClientIdentity.evaluationKeysFile(keys.keystore)
            + " ("
            + identity.evaluationKeys().length
            + " bytes)");
    out.println("key id           " + identity.keyId());
    out.flush();
    return 0;
  }
}
