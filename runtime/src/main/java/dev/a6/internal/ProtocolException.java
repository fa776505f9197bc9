package dev.a6.internal;

import dev.a6.RunnerException;

/** A message that breaks the ext-plugin protocol: a payload that is no valid FlatBuffer, say. */
final class ProtocolException extends RunnerException {
  private static final long serialVersionUID = 1L;

  ProtocolException(String message) {
    super(message);
  }
}
