package dev.a6.bench;

import dev.a6.FilterContext;
import dev.a6.HttpResponse;
import dev.a6.annotation.Filter;
import dev.a6.annotation.Required;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Filters that take time, for the scaling sweep: {@code sleep} holds a worker thread for {@code
 * millis}, as a filter waiting on a blocking call does; {@code delay} waits as long without a
 * thread, on the event loop's timer. Both then answer 200.
 */
final class Sleep {
  private Sleep() {}

  record SleepConf(@Required int millis) {}

  @Filter(value = "sleep", blocking = true)
  static void sleep(SleepConf conf, HttpResponse response) throws InterruptedException {
    Thread.sleep(conf.millis());
    response.stop(200, "");
  }

  @Filter("delay")
  static CompletionStage<Void> delay(SleepConf conf, FilterContext context, HttpResponse response) {
    return context.delay(Duration.ofMillis(conf.millis())).thenRun(() -> response.stop(200, ""));
  }
}
