package io.fhestreams.engine.algorithms;

/** Precondition helpers: every failure names what was expected and what was found. */
final class Checks {
  private Checks() {}

  static void requireEqual(
      String what, Object expected, String expectedName, Object found, String foundName) {
    if (!expected.equals(found)) {
      throw new IllegalArgumentException(
          "Mismatched "
              + what
              + ". "
              + expectedName
              + ": "
              + expected
              + ", "
              + foundName
              + ": "
              + found);
    }
  }
}
