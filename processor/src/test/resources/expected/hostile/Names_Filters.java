package hostile;

import dev.a6.FilterContext;
import dev.a6.HttpRequest;
import dev.a6.HttpResponse;
import dev.a6.annotation.RunnerGenerated;
import java.util.List;
import java.util.concurrent.CompletionStage;
import javax.annotation.processing.Generated;

/**
 * The plugins of {@link Names}, as the runner calls them.
 */
@Generated("dev.a6.processor.FilterProcessor")
@RunnerGenerated
final class Names_Filters {
  private Names_Filters() {
  }

  /**
   * The bindings, sorted by plugin name.
   */
  static List<dev.a6.spi.FilterBinding<?>> bindings() {
    return List.of(new FilterBinding(), new PreparedBinding());
  }

  /**
   * Plugin {@code filter}: {@link Names#filter}.
   */
  private static final class FilterBinding extends dev.a6.spi.FilterBinding<Names.Conf> {
    FilterBinding() {
      super("filter", dev.a6.spi.FilterBinding.Execution.EVENT_LOOP, dev.a6.spi.FilterBinding.Execution.NONE);
    }

    @Override
    public Names.Conf prepare(String conf) {
      return Names_Conf_Parser.parse(conf);
    }

    @Override
    public CompletionStage<Void> onRequest(Names.Conf conf, HttpRequest request,
        HttpResponse response, FilterContext context) {
      Names.filter(conf, response);
      return DONE;
    }
  }

  /**
   * Plugin {@code prepared}: {@link Names#prepared}.
   */
  private static final class PreparedBinding extends dev.a6.spi.FilterBinding<PreparedBinding.Prepared> {
    PreparedBinding() {
      super("prepared", dev.a6.spi.FilterBinding.Execution.EVENT_LOOP, dev.a6.spi.FilterBinding.Execution.NONE);
    }

    @Override
    public Prepared prepare(String conf) {
      Names.Conf parsed = Names_Conf_Parser.parse(conf);
      return new Prepared(parsed, new Names.State(parsed));
    }

    @Override
    public CompletionStage<Void> onRequest(Prepared prepared, HttpRequest request,
        HttpResponse response, FilterContext context) {
      Names.prepared(prepared.conf(), prepared.state());
      return DONE;
    }

    /**
     * The conf of one PrepareConf with the state made for it.
     */
    record Prepared(Names.Conf conf, Names.State state) {
    }
  }
}
