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
 * The plugins of {@link Names.Default}, as the runner calls them.
 */
@Generated("dev.a6.processor.FilterProcessor")
@RunnerGenerated
final class Names_Default_Filters {
  private Names_Default_Filters() {
  }

  /**
   * The bindings, sorted by plugin name, sharing one {@link Names.Default}.
   */
  static List<FilterBinding<?>> bindings() {
    Names.Default default_ = new Names.Default();
    return List.of(new HostileDefaultBinding(default_));
  }

  /**
   * Plugin {@code hostile-default}: {@link Names.Default#run}.
   */
  private static final class HostileDefaultBinding extends FilterBinding<Names.Prepared> {
    private final Names.Default default_;

    HostileDefaultBinding(Names.Default default_) {
      super("hostile-default", FilterBinding.Execution.EVENT_LOOP, FilterBinding.Execution.NONE);
      this.default_ = default_;
    }

    @Override
    public Names.Prepared prepare(String conf) {
      return Names_Prepared_Parser.parse(conf);
    }

    @Override
    public CompletionStage<Void> onRequest(Names.Prepared conf, HttpRequest request,
        HttpResponse response, FilterContext context) {
      default_.run(conf, response);
      return DONE;
    }
  }
}
