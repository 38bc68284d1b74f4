package io.fhestreams.cli.chaos;

import java.util.ArrayList;
import java.util.List;

/** A fault the chaos driver injects into a {@link ProcessStack}. */
public enum Fault {
  /**
   * SIGKILL of one app instance (in the middle of whatever transaction it has open), then a
   * restart.
   */
  APP_KILL("SIGKILL of an app instance, then its restart"),
  /** The registry stopped (SIGTERM) and started again at once. */
  REGISTRY_RESTART("registry restart"),
  /** The registry stopped, kept down for the outage, then started again. */
  REGISTRY_OUTAGE("registry outage"),
  /** The broker stopped (SIGTERM: controlled shutdown) and started again on its data. */
  BROKER_RESTART("broker restart");

  private final String description;

  Fault(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  /**
   * The order faults are injected in: the kills, with the other faults between them (kill, registry
   * restart, kill, registry outage, kill, broker restart, kill, ...), so that every other fault
   * strikes a group that has already lost and regained an instance.
   */
  static List<Fault> plan(
      int kills, int registryRestarts, int registryOutages, int brokerRestarts) {
    List<Fault> others = new ArrayList<>();
    int most = Math.max(registryRestarts, Math.max(registryOutages, brokerRestarts));
    for (int i = 0; i < most; i++) {
      if (i < registryRestarts) {
        others.add(REGISTRY_RESTART);
      }
      if (i < registryOutages) {
        others.add(REGISTRY_OUTAGE);
      }
      if (i < brokerRestarts) {
        others.add(BROKER_RESTART);
      }
    }
    List<Fault> plan = new ArrayList<>();
    for (int i = 0; i < Math.max(kills, others.size()); i++) {
      if (i < kills) {
        plan.add(APP_KILL);
      }
      if (i < others.size()) {
        plan.add(others.get(i));
      }
    }
    return plan;
  }
}
