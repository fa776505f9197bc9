package dev.a6.samples;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing a nested conf with the generated parser of {@code response-rewrite}: an object with a
 * map and a list of objects with enums. Runs once per PrepareConf in a runner; measured to keep
 * the generated code honest. In the samples' package to reach the generated parser.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConfParseBenchmark {
  private static final String CONF =
      "{\"status\": 200, \"headers\": {\"X-A\": \"1\", \"X-B\": \"2\", \"Cache-Control\": \"no-store\"},"
          + " \"filters\": [{\"regex\": \"hello\", \"scope\": \"global\", \"replace\": \"world\"},"
          + " {\"regex\": \"(\\\\d+)-(\\\\d+)\", \"scope\": \"once\", \"replace\": \"$2-$1\"}]}";

  @Benchmark
  public Object parseNestedConf() {
    return ResponseRewrite_RewriteConf_Parser.parse(CONF);
  }
}
