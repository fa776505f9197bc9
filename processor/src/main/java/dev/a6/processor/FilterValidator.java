package dev.a6.processor;

import com.palantir.javapoet.ClassName;
import dev.a6.processor.FilterModel.ConfUse;
import dev.a6.processor.FilterModel.Phase;
import dev.a6.processor.FilterModel.PhaseMethod;
import dev.a6.processor.FilterModel.PreparedUse;
import dev.a6.processor.FilterScanner.Scanned;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;

/**
 * Checks the rules that span methods: plugin names are unique across the whole compilation, and
 * the two phases of a plugin live in one class and agree on its conf. Combines the methods of each
 * plugin into one {@link FilterModel}.
 */
final class FilterValidator {
  private final Reporter reporter;
  /** Every plugin name defined so far, in any round, and where. */
  private final Map<String, String> defined = new LinkedHashMap<>();

  FilterValidator(Reporter reporter) {
    this.reporter = reporter;
  }

  /** The plugins of one round; methods that break a rule are reported and left out. */
  List<FilterModel> validate(List<Scanned> round) {
    Map<String, List<Scanned>> byName = new LinkedHashMap<>();
    for (Scanned scanned : round) {
      String earlier = defined.get(scanned.name());
      if (earlier != null) {
        duplicate(scanned, earlier);
        continue;
      }
      byName.computeIfAbsent(scanned.name(), name -> new ArrayList<>()).add(scanned);
    }
    List<FilterModel> filters = new ArrayList<>();
    byName.forEach(
        (name, methods) -> {
          FilterModel filter = combine(name, methods);
          if (filter != null) {
            filters.add(filter);
            defined.put(name, where(methods.get(0)));
          }
        });
    return filters;
  }

  /** Whether any plugin was defined in any round. */
  boolean anyDefined() {
    return !defined.isEmpty();
  }

  private FilterModel combine(String name, List<Scanned> methods) {
    Scanned first = methods.get(0);
    PhaseMethod request = null;
    PhaseMethod response = null;
    ConfUse conf = first.conf();
    PreparedUse prepared = first.prepared();
    boolean valid = true;
    for (Scanned scanned : methods) {
      PhaseMethod method = scanned.method();
      if (!scanned.owner().equals(first.owner())) {
        if (method.phase() == first.method().phase()) {
          duplicate(scanned, where(first));
        } else {
          reporter.error(
              Diagnostic.PHASES_IN_TWO_CLASSES, method.element(), name, where(first));
        }
        valid = false;
        continue;
      }
      PhaseMethod taken = method.phase() == Phase.REQUEST ? request : response;
      if (taken != null) {
        reporter.error(
            Diagnostic.DUPLICATE_PHASE,
            method.element(),
            scanned.annotation(),
            scanned.nameValue(),
            name,
            method.phase().label(),
            taken.name() + "()");
        valid = false;
        continue;
      }
      // The phases share one prepared conf: a method may leave out the conf or the state the
      // other takes, but where both take one, it must be the same.
      boolean confClash =
          conf.type() != null
              && scanned.conf().type() != null
              && !conf.type().equals(scanned.conf().type());
      boolean stateClash =
          prepared != null && scanned.prepared() != null && !prepared.equals(scanned.prepared());
      if (confClash || stateClash) {
        reporter.error(
            Diagnostic.PHASE_CONF_MISMATCH,
            method.element(),
            name,
            describe(scanned),
            describe(first),
            where(first));
        valid = false;
        continue;
      }
      if (conf.type() == null) {
        conf = scanned.conf();
      }
      if (prepared == null) {
        prepared = scanned.prepared();
      }
      if (method.phase() == Phase.REQUEST) {
        request = method;
      } else {
        response = method;
      }
    }
    if (!valid) {
      return null;
    }
    return new FilterModel(name, first.owner(), request, response, conf, prepared);
  }

  private void duplicate(Scanned scanned, String earlier) {
    reporter.error(
        Diagnostic.DUPLICATE_NAME,
        scanned.method().element(),
        scanned.annotation(),
        scanned.nameValue(),
        scanned.name(),
        earlier);
  }

  private static String describe(Scanned scanned) {
    String conf = scanned.conf().type() == null ? "no conf" : "conf " + scanned.conf().type();
    return scanned.prepared() == null
        ? conf
        : conf + " and @Prepared " + scanned.prepared().type();
  }

  private static String where(Scanned scanned) {
    ClassName owner = scanned.owner();
    ExecutableElement method = (ExecutableElement) scanned.method().element();
    return owner.canonicalName() + "." + method.getSimpleName() + "()";
  }
}
