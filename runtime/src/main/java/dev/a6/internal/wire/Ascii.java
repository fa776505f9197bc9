package dev.a6.internal.wire;

import java.util.Locale;

/** ASCII helpers for header names, which HTTP defines as case-insensitive ASCII tokens. */
public final class Ascii {
  private Ascii() {}

  public static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  /** {@code s} in lower case; {@code s} itself when it has no upper-case letter. */
  public static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 128) {
        return false;
      }
    }
    return true;
  }
}
