package test;

import dev.a6.FilterContext;
import dev.a6.HttpRequest;
import dev.a6.HttpResponse;
import dev.a6.UpstreamResponse;
import dev.a6.annotation.Default;
import dev.a6.annotation.Filter;
import dev.a6.annotation.Prepared;
import dev.a6.annotation.UpstreamBody;
import dev.a6.annotation.Var;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** The source of the golden files: one class, several kinds of plugin. */
final class Gateway {
  private final StringBuilder audit = new StringBuilder();

  record Limit(@Default("1.0") double rate, int burst) {}

  static final class Bucket implements AutoCloseable {
    private final Limit limit;

    Bucket(Limit limit) {
      this.limit = limit;
    }

    Duration take(long nanos) {
      return Duration.ZERO;
    }

    @Override
    public void close() {}
  }

  @Filter("key-auth")
  static void keyAuth(KeyAuthConf conf, HttpRequest request, HttpResponse response) {
    String key = request.header(conf.header());
    if (key == null || !conf.keys().contains(key)) {
      response.stop(401, "missing or invalid key");
      return;
    }
    request.removeHeader(conf.header());
  }

  @Filter("limit-req")
  static CompletionStage<Void> limit(
      @Prepared Bucket bucket, FilterContext context, @Var("remote_addr") String client) {
    return context.delay(bucket.take(context.nanoTime()));
  }

  @Filter(value = "audit", blocking = true)
  void audit(String conf, @Var("uri") String uri) throws IOException {
    audit.append(conf).append(uri);
  }

  @Filter("audit")
  void auditResponse(@UpstreamBody byte[] body, UpstreamResponse response) {
    response.setHeader("x-audited", Integer.toString(body.length));
  }
}
