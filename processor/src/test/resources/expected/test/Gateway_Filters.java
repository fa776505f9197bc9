package test;

import dev.a6.FilterContext;
import dev.a6.HttpRequest;
import dev.a6.HttpResponse;
import dev.a6.UpstreamResponse;
import dev.a6.annotation.RunnerGenerated;
import dev.a6.spi.FetchPlan;
import dev.a6.spi.FilterBinding;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.annotation.processing.Generated;

/**
 * The plugins of {@link Gateway}, as the runner calls them.
 */
@Generated("dev.a6.processor.FilterProcessor")
@RunnerGenerated
final class Gateway_Filters {
  private Gateway_Filters() {
  }

  /**
   * The bindings, sorted by plugin name, sharing one {@link Gateway}.
   */
  static List<FilterBinding<?>> bindings() {
    Gateway gateway = new Gateway();
    return List.of(new AuditBinding(gateway), new KeyAuthBinding(), new LimitReqBinding());
  }

  /**
   * Plugin {@code audit}: {@link Gateway#audit} and {@link Gateway#auditResponse}.
   */
  private static final class AuditBinding extends FilterBinding<String> {
    private static final FetchPlan REQUEST_FETCH = FetchPlan.of(false, false, "uri");

    private static final FetchPlan RESPONSE_FETCH = FetchPlan.of(false, true);

    private final Gateway gateway;

    AuditBinding(Gateway gateway) {
      super("audit", FilterBinding.Execution.BLOCKING, FilterBinding.Execution.EVENT_LOOP);
      this.gateway = gateway;
    }

    @Override
    public String prepare(String conf) {
      return conf;
    }

    @Override
    public FetchPlan requestFetch(String conf) {
      return REQUEST_FETCH;
    }

    @Override
    public CompletionStage<Void> onRequest(String conf, HttpRequest request, HttpResponse response,
        FilterContext context) {
      try {
        gateway.audit(conf, request.var("uri"));
      } catch (Exception e) {
        // Checked exceptions fail the call like any other: as a failed stage.
        return CompletableFuture.failedFuture(e);
      }
      return DONE;
    }

    @Override
    public FetchPlan responseFetch(String conf) {
      return RESPONSE_FETCH;
    }

    @Override
    public CompletionStage<Void> onResponse(String conf, UpstreamResponse response,
        FilterContext context) {
      gateway.auditResponse(response.body(), response);
      return DONE;
    }
  }

  /**
   * Plugin {@code key-auth}: {@link Gateway#keyAuth}.
   */
  private static final class KeyAuthBinding extends FilterBinding<KeyAuthConf> {
    KeyAuthBinding() {
      super("key-auth", FilterBinding.Execution.EVENT_LOOP, FilterBinding.Execution.NONE);
    }

    @Override
    public KeyAuthConf prepare(String conf) {
      return KeyAuthConf_Parser.parse(conf);
    }

    @Override
    public CompletionStage<Void> onRequest(KeyAuthConf conf, HttpRequest request,
        HttpResponse response, FilterContext context) {
      Gateway.keyAuth(conf, request, response);
      return DONE;
    }
  }

  /**
   * Plugin {@code limit-req}: {@link Gateway#limit}.
   */
  private static final class LimitReqBinding extends FilterBinding<LimitReqBinding.Prepared> {
    private static final FetchPlan REQUEST_FETCH = FetchPlan.of(false, false, "remote_addr");

    LimitReqBinding() {
      super("limit-req", FilterBinding.Execution.EVENT_LOOP, FilterBinding.Execution.NONE);
    }

    @Override
    public Prepared prepare(String conf) {
      Gateway.Limit parsed = Gateway_Limit_Parser.parse(conf);
      return new Prepared(parsed, new Gateway.Bucket(parsed));
    }

    @Override
    public FetchPlan requestFetch(Prepared prepared) {
      return REQUEST_FETCH;
    }

    @Override
    public CompletionStage<Void> onRequest(Prepared prepared, HttpRequest request,
        HttpResponse response, FilterContext context) {
      return Gateway.limit(prepared.state(), context, request.var("remote_addr"));
    }

    /**
     * The conf of one PrepareConf with the state made for it.
     */
    record Prepared(Gateway.Limit conf, Gateway.Bucket state) implements AutoCloseable {
      /**
       * Closes the state when the runner drops this conf.
       */
      @Override
      public void close() {
        state.close();
      }
    }
  }
}
