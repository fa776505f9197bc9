package dev.a6.processor;

import com.palantir.javapoet.ClassName;
import java.util.Locale;

/** How generated names derive from the author's. */
final class Names {
  private Names() {}

  /** {@code httpStatus} → {@code http_status}, {@code maxURLLength} → {@code max_url_length}. */
  static String snakeCase(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        boolean afterLower = i > 0 && !Character.isUpperCase(name.charAt(i - 1));
        boolean endsAcronym =
            i > 0
                && Character.isUpperCase(name.charAt(i - 1))
                && i + 1 < name.length()
                && Character.isLowerCase(name.charAt(i + 1));
        if ((afterLower || endsAcronym) && out.length() > 0 && name.charAt(i - 1) != '_') {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code limit-req} → {@code LimitReq}: a Java identifier for a plugin name. */
  static String camelCase(String pluginName) {
    StringBuilder out = new StringBuilder();
    boolean upper = true;
    for (int i = 0; i < pluginName.length(); i++) {
      char c = pluginName.charAt(i);
      if (c < 128 && Character.isLetterOrDigit(c)) {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      } else {
        upper = true;
      }
    }
    if (out.length() == 0 || !Character.isJavaIdentifierStart(out.charAt(0))) {
      out.insert(0, "Plugin");
    }
    return out.toString();
  }

  /** A generated class beside {@code type}: {@code Outer.Inner} + Parser → {@code Outer_Inner_Parser}. */
  static ClassName sibling(ClassName type, String role) {
    return ClassName.get(type.packageName(), String.join("_", type.simpleNames()) + "_" + role);
  }

  /** A Java constant name: {@code http_status} → {@code HTTP_STATUS}. */
  static String constant(String name) {
    return snakeCase(name).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
  }
}
