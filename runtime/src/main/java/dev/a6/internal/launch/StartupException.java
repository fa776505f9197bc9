package dev.a6.internal.launch;

import dev.a6.RunnerException;

/** A setting or environment the runner cannot start with; the message says what to change. */
public final class StartupException extends RunnerException {
  private static final long serialVersionUID = 1L;

  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
