package io.fhestreams.streams.backend;

import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.ml.deploy.FheServer;
import java.util.Objects;

/**
 * A compiled model's server bound to one client's evaluation keys, as the {@link
 * RegistryModelResolver} hands it to the {@link FheServerEvaluator}. Both share one parameter set
 * (checked by the resolver).
 *
 * @param server the model's FHE server
 * @param keys the client's evaluation keys, read once and cached
 */
public record ModelAndKeys(FheServer server, EvaluationKeys keys) {
  /** Checks the fields are present. */
  public ModelAndKeys {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(keys, "keys");
  }
}
