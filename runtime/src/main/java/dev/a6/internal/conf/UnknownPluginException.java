package dev.a6.internal.conf;

import dev.a6.ConfException;

/** A PrepareConf names a plugin the runner does not have: told apart from a bad conf in metrics. */
public final class UnknownPluginException extends ConfException {
  private static final long serialVersionUID = 1L;

  UnknownPluginException(String message) {
    super(message);
  }
}
