package io.fhestreams.schemas.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Makes Avro 1.12 trust this project's generated classes.
 *
 * <p>Avro 1.12 refuses to instantiate specific-record classes from packages it does not trust. The
 * trusted packages come from the system property {@value #PROPERTY}, which Avro reads once, when
 * its validator class is first loaded. So {@link #trustSchemaPackage()} appends {@value #PACKAGE}
 * to the property (effective if Avro has not read it yet) and, if Avro's global validator still
 * refuses our classes (it read the property earlier), installs a validator that trusts them as well
 * as everything the existing one trusts.
 */
public final class AvroTrust {

  /** Avro's system property listing trusted packages, comma-separated. */
  public static final String PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";

  /** The package of the generated classes. */
  public static final String PACKAGE = "io.fhestreams.schemas.avro";

  private AvroTrust() {}

  /** Idempotent; safe to call from several threads. */
  public static synchronized void trustSchemaPackage() {
    String current = System.getProperty(PROPERTY, "");
    if (!(("," + current + ",").contains("," + PACKAGE + ","))) {
      System.setProperty(PROPERTY, current.isBlank() ? PACKAGE : current + "," + PACKAGE);
    }
    ClassSecurityValidator.ClassSecurityPredicate global = ClassSecurityValidator.getGlobal();
    if (!global.isTrusted(io.fhestreams.schemas.avro.DeadLetter.class)) {
      ClassSecurityValidator.setGlobal(
          ClassSecurityValidator.composite(global, c -> c.getName().startsWith(PACKAGE + ".")));
    }
  }
}
