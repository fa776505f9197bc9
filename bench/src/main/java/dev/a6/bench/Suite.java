package dev.a6.bench;

/** Placeholder until the suite is written; see BENCHMARKS.md. */
final class Suite {
  private Suite() {}

  static void run(Bench.Args args) {
    throw new UnsupportedOperationException("suite");
  }
}
