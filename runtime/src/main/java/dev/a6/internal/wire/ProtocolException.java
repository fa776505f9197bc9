package dev.a6.internal.wire;

import dev.a6.RunnerException;

/** A message that breaks the ext-plugin protocol: a payload that is no valid FlatBuffer, say. */
public final class ProtocolException extends RunnerException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }
}
