package dev.a6.internal.call;

import dev.a6.internal.conf.PreparedChain;
import dev.a6.internal.conf.PreparedFilter;
import dev.a6.internal.wire.Entries;
import dev.a6.internal.wire.Messages.ConfEntry;
import dev.a6.internal.wire.Messages.PrepareConf;
import dev.a6.internal.wire.ProtocolException;
import dev.a6.internal.wire.Wire;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --log-rpc}: one line per RPC, decoded, on the logger {@value #LOGGER} at DEBUG: what
 * APISIX asked (the conf key and plugins, or the call's method, path, arguments and headers) and
 * what the runner answered, with the time it took. Credentials and bodies are left out unless
 * {@code --log-rpc=unredacted}: the lines go to APISIX's error.log.
 *
 * <p>Off, the runner holds no instance and pays one null check per call.
 */
public final class RpcLog {
  public static final String LOGGER = "a6.rpc";

  /** Headers whose values are credentials, by lower-case name. */
  private static final Set<String> CREDENTIALS =
      Set.of(
          "authorization",
          "proxy-authorization",
          "cookie",
          "set-cookie",
          "x-api-key",
          "apikey",
          "x-auth-token",
          "x-access-token",
          "x-csrf-token",
          "x-xsrf-token");

  private static final String REDACTED = "<redacted>";

  private final boolean redact;
  private final Consumer<String> sink;

  public RpcLog(boolean redact, Consumer<String> sink) {
    this.redact = redact;
    this.sink = sink;
  }

  /** Lines to the {@value #LOGGER} logger at DEBUG. */
  public static RpcLog toLogger(boolean redact) {
    Logger log = LoggerFactory.getLogger(LOGGER);
    return new RpcLog(redact, log::debug);
  }

  /** A PrepareConf and its answer: the token, or the Err code. */
  void prepared(String connection, PrepareConf prepare, @Nullable PreparedChain chain, long nanos) {
    StringBuilder line = new StringBuilder(128).append(connection).append(" PrepareConf key=")
        .append(prepare.key() == null ? "(none)" : prepare.key()).append(" conf=[");
    for (int i = 0; i < prepare.conf().size(); i++) {
      ConfEntry entry = prepare.conf().get(i);
      line.append(i == 0 ? "" : ", ").append(entry.name());
      if (redact) {
        line.append(" (").append(entry.value().length()).append(" chars)");
      } else {
        line.append(' ').append(entry.value());
      }
    }
    line.append("] → ");
    if (chain == null) {
      line.append("Err BAD_REQUEST");
    } else {
      line.append("token ").append(chain.token);
    }
    sink.accept(took(line, nanos).toString());
  }

  /** A call and its answer: {@code outcome} as the reply's action, or the Err. */
  void answered(String connection, Call call, String outcome, long nanos) {
    StringBuilder line = new StringBuilder(256).append(connection).append(' ')
        .append(Wire.typeName(call.message.type())).append(" id=").append(call.message.id())
        .append(" token=").append(call.message.token()).append(" key=")
        .append(call.key() == null ? "(none)" : call.key()).append(" chain=[");
    PreparedFilter<?>[] filters = call.filters();
    for (int i = 0; i < filters.length; i++) {
      line.append(i == 0 ? "" : ", ").append(filters[i].name());
    }
    line.append("] ");
    try {
      if (call.isRequestPhase()) {
        line.append(call.message.method()).append(' ').append(call.message.path());
        entries(line.append(" args="), call.message.args, false);
      } else {
        line.append("status ").append(call.message.status());
      }
      entries(line.append(" headers="), call.message.headers, true);
    } catch (ProtocolException malformed) {
      line.append(" (malformed: ").append(malformed.getMessage()).append(')');
    }
    line.append(" → ").append(outcome);
    if (call.extraInfoRounds() > 0) {
      line.append(", ").append(call.extraInfoRounds()).append(" ExtraInfo");
    }
    sink.accept(took(line, nanos).toString());
  }

  private void entries(StringBuilder line, Entries entries, boolean headers) {
    line.append('{');
    for (int i = 0; i < entries.size(); i++) {
      String name = entries.name(i);
      line.append(i == 0 ? "" : ", ").append(name);
      if (entries.hasValue(i)) {
        boolean secret = headers && redact && CREDENTIALS.contains(name.toLowerCase(Locale.ROOT));
        line.append(headers ? ": " : "=").append(secret ? REDACTED : entries.value(i));
      }
    }
    line.append('}');
  }

  private static StringBuilder took(StringBuilder line, long nanos) {
    return line.append(" in ").append(nanos / 1000).append(" µs");
  }
}
