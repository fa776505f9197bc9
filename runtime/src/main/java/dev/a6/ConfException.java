package dev.a6;

/**
 * A plugin conf that cannot be used, such as {@code "limit-req: $.burst: expected integer, got
 * string"}. The message names the JSON path and what was expected, never the value: confs hold
 * secrets and the message reaches APISIX's error log.
 */
public class ConfException extends RunnerException {
  private static final long serialVersionUID = 1L;

  public ConfException(String message) {
    super(message);
  }

  public ConfException(String message, Throwable cause) {
    super(message, cause);
  }
}
