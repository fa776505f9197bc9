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
 * The plugins of {@link Names.Switch}, as the runner calls them.
 */
@Generated("dev.a6.processor.FilterProcessor")
@RunnerGenerated
final class Names_Switch_Filters {
  private Names_Switch_Filters() {
  }

  /**
   * The bindings, sorted by plugin name, sharing one {@link Names.Switch}.
   */
  static List<FilterBinding<?>> bindings() {
    Names.Switch switch_ = new Names.Switch();
    return List.of(new HostileSwitchBinding(switch_));
  }

  /**
   * Plugin {@code hostile-switch}: {@link Names.Switch#run}.
   */
  private static final class HostileSwitchBinding extends FilterBinding<Void> {
    private final Names.Switch switch_;

    HostileSwitchBinding(Names.Switch switch_) {
      super("hostile-switch", FilterBinding.Execution.EVENT_LOOP, FilterBinding.Execution.NONE);
      this.switch_ = switch_;
    }

    @Override
    public Void prepare(String conf) {
      // The plugin takes no conf.
      return null;
    }

    @Override
    public CompletionStage<Void> onRequest(Void conf, HttpRequest request, HttpResponse response,
        FilterContext context) {
      switch_.run(request);
      return DONE;
    }
  }
}
