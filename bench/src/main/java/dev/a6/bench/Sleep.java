package dev.a6.bench;

import dev.a6.HttpResponse;
import dev.a6.annotation.Filter;
import dev.a6.annotation.Required;

/**
 * {@code sleep}: a blocking filter for the scaling sweep. It holds a worker thread for {@code
 * millis}, as a filter waiting on a blocking call does, then answers 200.
 */
final class Sleep {
  private Sleep() {}

  record SleepConf(@Required int millis) {}

  @Filter(value = "sleep", blocking = true)
  static void sleep(SleepConf conf, HttpResponse response) throws InterruptedException {
    Thread.sleep(conf.millis());
    response.stop(200, "");
  }
}
