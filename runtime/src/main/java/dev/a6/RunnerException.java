package dev.a6;

/** The root of a6's exceptions; the message says what went wrong and where. */
public class RunnerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RunnerException(String message) {
    super(message);
  }

  public RunnerException(String message, Throwable cause) {
    super(message, cause);
  }
}
