package hostile;

import dev.a6.FilterContext;
import dev.a6.HttpRequest;
import dev.a6.HttpResponse;
import dev.a6.annotation.RunnerGenerated;
import dev.a6.spi.FilterBinding;
import java.util.List;
import java.util.concurrent.CompletionStage;
import javax.annotation.processing.Generated;

/**
 * The plugins of {@link Names.Context}, as the runner calls them.
 */
@Generated("dev.a6.processor.FilterProcessor")
@RunnerGenerated
final class Names_Context_Filters {
  private Names_Context_Filters() {
  }

  /**
   * The bindings, sorted by plugin name, sharing one {@link Names.Context}.
   */
  static List<FilterBinding<?>> bindings() {
    Names.Context context_ = new Names.Context();
    return List.of(new HostileContextBinding(context_));
  }

  /**
   * Plugin {@code hostile-context}: {@link Names.Context#run}.
   */
  private static final class HostileContextBinding extends FilterBinding<Names.Conf> {
    private final Names.Context context_;

    HostileContextBinding(Names.Context context_) {
      super("hostile-context", FilterBinding.Execution.EVENT_LOOP, FilterBinding.Execution.NONE);
      this.context_ = context_;
    }

    @Override
    public Names.Conf prepare(String conf) {
      return Names_Conf_Parser.parse(conf);
    }

    @Override
    public CompletionStage<Void> onRequest(Names.Conf conf, HttpRequest request,
        HttpResponse response, FilterContext context) {
      context_.run(conf, request, context);
      return DONE;
    }
  }
}
