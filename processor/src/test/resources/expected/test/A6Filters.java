package test;

import dev.a6.annotation.RunnerGenerated;
import dev.a6.spi.FilterBinding;
import dev.a6.spi.FilterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * Every plugin of this runner. Pass it to {@code Runner.main} or to {@code FilterTester}.
 */
@Generated("dev.a6.processor.FilterProcessor")
@RunnerGenerated
public final class A6Filters implements FilterRegistry {
  private final List<FilterBinding<?>> filters;

  /**
   * Creates the plugins, and one instance of each class with instance filters.
   */
  public A6Filters() {
    List<FilterBinding<?>> all = new ArrayList<>();
    all.addAll(Gateway_Filters.bindings());
    all.sort(Comparator.comparing(FilterBinding::name));
    this.filters = List.copyOf(all);
  }

  @Override
  public List<FilterBinding<?>> filters() {
    return filters;
  }
}
