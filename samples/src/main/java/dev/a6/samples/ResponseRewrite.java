package dev.a6.samples;

import dev.a6.Prefetch;
import dev.a6.UpstreamResponse;
import dev.a6.annotation.Default;
import dev.a6.annotation.Filter;
import dev.a6.annotation.IgnoreUnknownKeys;
import dev.a6.annotation.Prepared;
import dev.a6.annotation.Required;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * {@code response-rewrite} (response phase, {@code ext-plugin-post-resp}): changes the upstream's
 * status, headers and body before the client gets them.
 */
final class ResponseRewrite {
  private ResponseRewrite() {}

  enum Scope {
    /** Replace the first match. */
    ONCE,
    /** Replace every match. */
    GLOBAL
  }

  /**
   * @param regex a Java regular expression, checked when the conf is prepared
   * @param scope the first match, or all of them
   * @param replace the replacement, where {@code $1} refers to a group
   */
  @IgnoreUnknownKeys
  record BodyFilter(
      @Required String regex, @Default("once") Scope scope, @Default("") String replace) {
    BodyFilter {
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        // The description and index locate the problem without repeating the whole pattern.
        throw new IllegalArgumentException(
            "regex does not compile: " + e.getDescription() + " near index " + e.getIndex());
      }
    }
  }

  /**
   * @param status the status the client gets; 0 or absent keeps the upstream's
   * @param headers headers to set, besides {@code X-Resp-A6-Runner}
   * @param body a new body, used when there are no {@code filters}; empty or absent for none
   * @param filters regular expressions applied to the upstream's body
   */
  @IgnoreUnknownKeys // as the Go runner's example, which ignores other keys
  record RewriteConf(
      int status, Map<String, String> headers, @Nullable String body, List<BodyFilter> filters) {
    RewriteConf {
      if (status != 0 && (status < 100 || status > 599)) {
        throw new IllegalArgumentException("status must be from 100 to 599, or 0 to keep it");
      }
    }
  }

  /**
   * The conf, made ready once: patterns compiled, headers in arrays, the body encoded. The
   * upstream body is fetched only when there are patterns.
   */
  static final class Rules implements Prefetch {
    private final List<Pattern> patterns = new ArrayList<>();
    private final String[] headerNames;
    private final String[] headerValues;
    private final byte @Nullable [] body;

    Rules(RewriteConf conf) {
      for (BodyFilter filter : conf.filters()) {
        patterns.add(Pattern.compile(filter.regex()));
      }
      this.headerNames = conf.headers().keySet().toArray(String[]::new);
      this.headerValues = conf.headers().values().toArray(String[]::new);
      String body = conf.body();
      this.body = body == null || body.isEmpty() ? null : body.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean prefetchUpstreamBody() {
      return !patterns.isEmpty();
    }
  }

  @Filter("response-rewrite")
  static void rewrite(RewriteConf conf, @Prepared Rules rules, UpstreamResponse response) {
    if (conf.status() > 0) {
      response.setStatus(conf.status());
    }
    response.setHeader("X-Resp-A6-Runner", "Java");
    for (int i = 0; i < rules.headerNames.length; i++) {
      response.setHeader(rules.headerNames[i], rules.headerValues[i]);
    }
    if (rules.patterns.isEmpty()) {
      if (rules.body != null) {
        response.setBody(rules.body);
      }
      return;
    }
    String body = new String(response.body(), StandardCharsets.UTF_8);
    boolean matched = false;
    for (int i = 0; i < rules.patterns.size(); i++) {
      BodyFilter filter = conf.filters().get(i);
      Matcher matcher = rules.patterns.get(i).matcher(body);
      if (matcher.find()) {
        matched = true;
        body =
            filter.scope() == Scope.GLOBAL
                ? matcher.replaceAll(filter.replace())
                : matcher.replaceFirst(filter.replace());
      }
    }
    if (matched) {
      response.setBody(body);
    }
  }
}
