package dev.a6.internal.call;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks of what filters put into headers and paths. A name or value that would corrupt the HTTP
 * message nginx writes (a line break in a header, say) is refused where the filter sets it, with a
 * message that names the header but never echoes the value.
 */
final class HttpSyntax {
  private static final Logger log = LoggerFactory.getLogger(HttpSyntax.class);

  private HttpSyntax() {}

  /** Accepts an RFC 9110 token: letters, digits and {@code !#$%&'*+-.^_`|~}. */
  static String headerName(String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a header name cannot be empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean token =
          c < 128
              && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
      if (!token) {
        throw new IllegalArgumentException(
            "header name \"" + printable(name) + "\" is not an HTTP token: character " + (i + 1)
                + " is not a letter, digit or one of !#$%&'*+-.^_`|~");
      }
    }
    return name;
  }

  /** Accepts a value without CR, LF or NUL, which would end or split the header line. */
  static String headerValue(String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException(
            "the value for header \"" + name + "\" contains a line break or NUL at character "
                + (i + 1) + ", which would split the HTTP header");
      }
    }
    return value;
  }

  /**
   * Whether a header describes how the message body is framed: {@code content-length} or {@code
   * transfer-encoding}. nginx frames every message it writes from the body it has, and an edit of
   * these through APISIX can only break that. Measured through APISIX's client: a request {@code
   * content-length} edit is applied before nginx reads the body, so a larger value makes nginx
   * wait for bytes the client never sends, a smaller one cuts the body, and a removal drops it;
   * APISIX sets the length of a new body itself. In a stop, a length that is not the body's
   * corrupts the client's response. {@code transfer-encoding} edits change nothing.
   */
  static boolean isFraming(String name) {
    return name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding");
  }

  /**
   * Whether a filter's edit of header {@code name} must be dropped because it is a framing header,
   * saying so at DEBUG: {@code what} names the edit and the message, as in "set of request header".
   */
  static boolean dropsFramingEdit(String name, String what) {
    if (!isFraming(name)) {
      return false;
    }
    if (log.isDebugEnabled()) {
      log.debug("ignored a filter's {} {}: nginx frames the message from its body", what, name);
    }
    return true;
  }

  static int status(int status) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException(
          "HTTP status must be between 100 and 599, got " + status);
    }
    return status;
  }

  static String path(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("a rewritten path must start with '/'");
    }
    int question = path.indexOf('?');
    if (question >= 0) {
      throw new IllegalArgumentException(
          "a rewritten path cannot contain '?' (APISIX would escape it to %3F and keep the"
              + " request's own query); change query arguments with setArg/addArg/removeArg");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException("a rewritten path cannot contain a line break or NUL");
      }
    }
    return path;
  }

  private static String printable(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length() && i < 64; i++) {
      char c = name.charAt(i);
      out.append(c >= 32 && c < 127 ? c : '?');
    }
    return out.toString();
  }
}
