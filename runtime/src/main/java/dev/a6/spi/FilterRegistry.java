package dev.a6.spi;

import java.util.List;

/**
 * The dispatch table of one runner: every filter it can run. The annotation processor generates
 * one implementation per compilation.
 */
public interface FilterRegistry {

  /** The filters, one per plugin name, sorted by name. */
  List<FilterBinding<?>> filters();
}
