package io.fhestreams.registry.api;

import java.util.regex.Pattern;

/** Checks shared by the name types: one place says what a safe path segment is. */
public final class Names {
  /** Letters, digits, '_', '-', '.'; starts with a letter or digit, so never "." or "..". */
  static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  private Names() {}

  static String checkSegment(String what, String value) {
    if (value == null) {
      throw RegistryException.invalid(what + " must not be null");
    }
    if (!SEGMENT.matcher(value).matches() || value.contains("..")) {
      throw RegistryException.invalid(
          what
              + " must match "
              + SEGMENT.pattern()
              + " without '..', found '"
              + printable(value)
              + "'");
    }
    return value;
  }

  /** The value with control characters escaped and cut to 80 characters, safe for a message. */
  public static String printable(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length() && i < 80; i++) {
      char c = value.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return value.length() > 80 ? out + "..." : out.toString();
  }
}
