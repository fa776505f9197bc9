package dev.a6.internal.apisix;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.a6.internal.apisix.ApisixCodec.Entry;
import dev.a6.internal.apisix.ApisixCodec.ExtraInfoRequest;
import dev.a6.internal.apisix.ApisixCodec.RequestReply;
import dev.a6.internal.apisix.ApisixCodec.ResponseReply;
import dev.a6.internal.apisix.ApisixConnection.Frame;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code call}: one request to a running runner, sent as APISIX sends it (a PrepareConf on its
 * connection, then the call, answering the runner's ExtraInfo requests from the given values), and
 * the runner's answer, decoded. For finding out what a plugin does with a request without an
 * APISIX in between.
 */
public final class DebugCall {
  /** The command's options, for {@code call --help}. */
  public static final String USAGE =
      """
      Usage: java -jar <runner>.jar call [options]
      Sends one request to a running runner as APISIX would and prints the decoded answer.

        --socket <path>            the runner's socket; default: APISIX_LISTEN_ADDRESS, else /tmp/runner.sock
        --plugin <name>=<json>     a plugin of the chain and its conf, in order; repeatable;
                                   <name>=@<file> reads the conf from a file
        --key <key>                the PrepareConf key; default: route#debug#<phase's plugin>#1
        --phase request|response   HTTPReqCall (default) or HTTPRespCall
        --method <method>          default: GET
        --path <path>              default: /
        --query <a=1&b>            query arguments, decoded, as APISIX sends them
        --header '<name>: <value>' a request header; repeatable
        --ip <address>             the client's address; default: 127.0.0.1
        --body <text>|@<file>      the request body, given when a plugin asks for it
        --var <name>=<value>       an nginx variable, given when a plugin asks for it; repeatable
        --status <code>            response phase: the upstream's status; default: 200
        --upstream-header '<name>: <value>'  response phase: an upstream header; repeatable
        --upstream-body <text>|@<file>       response phase: the upstream's body
        --json                     print the answer as JSON

      Exit status: 0 for an answer, 1 when the runner answered with an Err, 2 for bad options or
      a runner that cannot be reached.
      """;

  private final List<Entry> plugins = new ArrayList<>();
  private final List<Entry> headers = new ArrayList<>();
  private final List<Entry> args = new ArrayList<>();
  private final Map<String, String> vars = new LinkedHashMap<>();
  private final List<Entry> upstreamHeaders = new ArrayList<>();
  private @Nullable Path socket;
  private @Nullable String key;
  private boolean responsePhase;
  private String method = "GET";
  private String path = "/";
  private byte[] ip = {127, 0, 0, 1};
  private byte @Nullable [] body;
  private int status = 200;
  private byte @Nullable [] upstreamBody;
  private boolean json;

  private DebugCall() {}

  /**
   * Runs {@code call} with these options; returns the exit status.
   *
   * @param defaultSocket the runner's socket when {@code --socket} is not given; it may throw a
   *     {@code RuntimeException} whose message says what is wrong with the setting it reads
   */
  public static int run(
      List<String> options, Supplier<Path> defaultSocket, PrintStream out, PrintStream err) {
    if (options.contains("--help") || options.contains("-h")) {
      out.print(USAGE);
      return 0;
    }
    DebugCall call = new DebugCall();
    try {
      call.parse(options);
      if (call.socket == null) {
        call.socket = defaultSocket.get();
      }
    } catch (RuntimeException | IOException e) {
      err.println("a6 call: " + e.getMessage() + "; see call --help");
      return 2;
    }
    return call.send(out, err);
  }

  private void parse(List<String> options) throws IOException {
    for (int i = 0; i < options.size(); i++) {
      String option = options.get(i);
      if (option.equals("--json")) {
        json = true;
        continue;
      }
      if (i + 1 >= options.size()) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      String value = options.get(++i);
      switch (option) {
        case "--socket" -> socket = Path.of(value.startsWith("unix:") ? value.substring(5) : value);
        case "--plugin" -> {
          int equals = value.indexOf('=');
          if (equals <= 0) {
            throw new IllegalArgumentException("--plugin is <name>=<json conf>, got " + value);
          }
          String conf = value.substring(equals + 1);
          plugins.add(new Entry(value.substring(0, equals), text(conf)));
        }
        case "--key" -> key = value;
        case "--phase" -> {
          if (!value.equals("request") && !value.equals("response")) {
            throw new IllegalArgumentException("--phase is request or response, got " + value);
          }
          responsePhase = value.equals("response");
        }
        case "--method" -> {
          ApisixCodec.methodCode(value); // refuses a method APISIX cannot send
          method = value;
        }
        case "--path" -> path = value;
        case "--query" -> {
          for (String pair : value.split("&")) {
            if (!pair.isEmpty()) {
              int equals = pair.indexOf('=');
              args.add(
                  equals < 0
                      ? new Entry(pair, null)
                      : new Entry(pair.substring(0, equals), pair.substring(equals + 1)));
            }
          }
        }
        case "--header" -> headers.add(header(value));
        case "--ip" -> ip = address(value);
        case "--body" -> body = bytes(value);
        case "--var" -> {
          int equals = value.indexOf('=');
          if (equals <= 0) {
            throw new IllegalArgumentException("--var is <name>=<value>, got " + value);
          }
          vars.put(value.substring(0, equals), value.substring(equals + 1));
        }
        case "--status" -> status = Integer.parseInt(value);
        case "--upstream-header" -> upstreamHeaders.add(header(value));
        case "--upstream-body" -> upstreamBody = bytes(value);
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    if (plugins.isEmpty()) {
      throw new IllegalArgumentException("name at least one --plugin");
    }
  }

  private int send(PrintStream out, PrintStream err) {
    String confKey =
        key != null
            ? key
            : "route#debug#" + (responsePhase ? "ext-plugin-post-resp" : "ext-plugin-pre-req") + "#1";
    Report report = new Report(confKey);
    Path socket = Objects.requireNonNull(this.socket);
    try (ApisixConnection runner = ApisixConnection.open(socket)) {
      runner.send(ApisixCodec.PREPARE_CONF, ApisixCodec.prepareConf(confKey, plugins));
      Frame prepared = runner.receive();
      if (prepared.type() != ApisixCodec.PREPARE_CONF) {
        report.error("PrepareConf", prepared);
        return report.print(out, json);
      }
      report.token = ApisixCodec.confToken(prepared.payload());
      runner.send(
          responsePhase ? ApisixCodec.HTTP_RESP_CALL : ApisixCodec.HTTP_REQ_CALL,
          responsePhase
              ? ApisixCodec.responseCall(1, report.token, status, upstreamHeaders)
              : ApisixCodec.requestCall(1, report.token, ip, method, path, args, headers));
      while (true) {
        Frame frame = runner.receive();
        if (frame.type() == ApisixCodec.EXTRA_INFO) {
          ExtraInfoRequest asked = ApisixCodec.extraInfoRequest(frame.payload());
          byte[] answer = answer(asked);
          report.asked.add(new Asked(asked, answer));
          runner.send(ApisixCodec.EXTRA_INFO, ApisixCodec.extraInfoAnswer(answer));
        } else if (frame.type() == ApisixCodec.HTTP_REQ_CALL) {
          report.request = ApisixCodec.requestReply(frame.payload());
          return report.print(out, json);
        } else if (frame.type() == ApisixCodec.HTTP_RESP_CALL) {
          report.response = ApisixCodec.responseReply(frame.payload());
          return report.print(out, json);
        } else {
          report.error(responsePhase ? "HTTPRespCall" : "HTTPReqCall", frame);
          return report.print(out, json);
        }
      }
    } catch (IOException e) {
      err.println(
          "a6 call: cannot talk to a runner at " + socket + ": " + e.getMessage()
              + "; is it running? (--socket names another)");
      return 2;
    }
  }

  private byte @Nullable [] answer(ExtraInfoRequest asked) {
    return switch (asked.infoType()) {
      case ApisixCodec.INFO_VAR -> {
        String value = vars.get(asked.var());
        yield value == null ? null : value.getBytes(StandardCharsets.UTF_8);
      }
      case ApisixCodec.INFO_REQUEST_BODY -> body;
      default -> upstreamBody;
    };
  }

  private static Entry header(String value) {
    int colon = value.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("a header is '<name>: <value>', got " + value);
    }
    return new Entry(value.substring(0, colon).trim(), value.substring(colon + 1).trim());
  }

  private static byte[] address(String value) {
    try {
      return InetAddress.getByName(value).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--ip is an IPv4 or IPv6 address, got " + value);
    }
  }

  private static String text(String value) throws IOException {
    return value.startsWith("@") ? Files.readString(Path.of(value.substring(1))) : value;
  }

  private static byte[] bytes(String value) throws IOException {
    return value.startsWith("@")
        ? Files.readAllBytes(Path.of(value.substring(1)))
        : value.getBytes(StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------------------ the answer

  private record Asked(ExtraInfoRequest request, byte @Nullable [] answer) {
    String what() {
      return switch (request.infoType()) {
        case ApisixCodec.INFO_VAR -> "var " + request.var();
        case ApisixCodec.INFO_REQUEST_BODY -> "request body";
        default -> "upstream body";
      };
    }
  }

  /** What happened, printed as text or JSON. */
  private static final class Report {
    final String key;
    long token = -1;
    final List<Asked> asked = new ArrayList<>();
    @Nullable RequestReply request;
    @Nullable ResponseReply response;
    @Nullable String failedStep;
    int errorCode = -1;

    Report(String key) {
      this.key = key;
    }

    void error(String step, Frame frame) {
      failedStep = step;
      errorCode = frame.type() == ApisixCodec.ERR ? ApisixCodec.errorCode(frame.payload()) : -1;
    }

    int print(PrintStream out, boolean json) {
      out.print(json ? json() : text());
      out.flush();
      return failedStep == null ? 0 : 1;
    }

    private String text() {
      StringBuilder text = new StringBuilder();
      text.append("PrepareConf ").append(key).append(" → ");
      if (token < 0) {
        return error(text).toString();
      }
      text.append("token ").append(token).append('\n');
      for (Asked one : asked) {
        text.append("ExtraInfo ").append(one.what()).append(" → ")
            .append(one.answer() == null ? "(none)" : quoted(one.answer())).append('\n');
      }
      if (failedStep != null) {
        error(text.append(failedStep).append(" → "));
      } else if (request != null) {
        text.append("HTTPReqCall id ").append(request.id()).append(" → ");
        if (request.stop() != null) {
          var stop = request.stop();
          text.append("stop ").append(stop.status() == 0 ? 200 : stop.status()).append('\n');
          stop.headers().forEach(h -> text.append("  header ").append(h.name()).append(": ")
              .append(h.value()).append('\n'));
          body(text, stop.body());
        } else if (request.rewrite() != null) {
          var rewrite = request.rewrite();
          text.append("rewrite\n");
          if (rewrite.path() != null) {
            text.append("  path ").append(rewrite.path()).append('\n');
          }
          rewrite.headers().forEach(h -> text.append(h.value() == null ? "  remove header " : "  set header ")
              .append(h.name()).append(h.value() == null ? "" : ": " + h.value()).append('\n'));
          rewrite.args().forEach(a -> text.append(a.value() == null ? "  remove arg " : "  set arg ")
              .append(a.name()).append(a.value() == null ? "" : "=" + a.value()).append('\n'));
          rewrite.respHeaders().forEach(h -> text.append("  response header ").append(h.name())
              .append(": ").append(h.value()).append('\n'));
          body(text, rewrite.body());
        } else {
          text.append("pass, unchanged\n");
        }
      } else if (response != null) {
        text.append("HTTPRespCall id ").append(response.id()).append(" → ")
            .append(response.status() == 0 ? "upstream's status" : "status " + response.status())
            .append('\n');
        response.headers().forEach(h -> text.append("  header ").append(h.name()).append(": ")
            .append(h.value()).append('\n'));
        body(text, response.body());
      }
      return text.toString();
    }

    private StringBuilder error(StringBuilder text) {
      return text.append("Err ")
          .append(errorCode < 0 ? "(not an Err frame)" : ApisixCodec.errorName(errorCode))
          .append(" (the runner's log says why)\n");
    }

    private static void body(StringBuilder text, byte @Nullable [] body) {
      if (body != null && body.length > 0) {
        text.append("  body (").append(body.length).append(" bytes) ").append(quoted(body))
            .append('\n');
      }
    }

    private static String quoted(byte[] bytes) {
      String text = new String(bytes, StandardCharsets.UTF_8);
      return '"' + (text.length() > 200 ? text.substring(0, 200) + "…" : text) + '"';
    }

    private String json() {
      StringWriter text = new StringWriter();
      try (JsonGenerator out = new JsonFactory().createGenerator(text)) {
        out.useDefaultPrettyPrinter();
        out.writeStartObject();
        out.writeObjectFieldStart("prepare");
        out.writeStringField("key", key);
        if (token >= 0) {
          out.writeNumberField("token", token);
        }
        out.writeEndObject();
        out.writeArrayFieldStart("extra_info");
        for (Asked one : asked) {
          out.writeStartObject();
          out.writeStringField("asked", one.what());
          out.writeStringField(
              "answer",
              one.answer() == null ? null : new String(one.answer(), StandardCharsets.UTF_8));
          out.writeEndObject();
        }
        out.writeEndArray();
        if (failedStep != null) {
          out.writeObjectFieldStart("error");
          out.writeStringField("step", failedStep);
          out.writeStringField("code", errorCode < 0 ? null : ApisixCodec.errorName(errorCode));
          out.writeEndObject();
        } else if (request != null) {
          out.writeObjectFieldStart("reply");
          out.writeStringField("type", "HTTPReqCall");
          if (request.stop() != null) {
            var stop = request.stop();
            out.writeStringField("action", "stop");
            out.writeNumberField("status", stop.status() == 0 ? 200 : stop.status());
            entries(out, "headers", stop.headers());
            bodyField(out, stop.body());
          } else if (request.rewrite() != null) {
            var rewrite = request.rewrite();
            out.writeStringField("action", "rewrite");
            out.writeStringField("path", rewrite.path());
            entries(out, "headers", rewrite.headers());
            entries(out, "args", rewrite.args());
            entries(out, "response_headers", rewrite.respHeaders());
            bodyField(out, rewrite.body());
          } else {
            out.writeStringField("action", "none");
          }
          out.writeEndObject();
        } else if (response != null) {
          out.writeObjectFieldStart("reply");
          out.writeStringField("type", "HTTPRespCall");
          out.writeNumberField("status", response.status());
          entries(out, "headers", response.headers());
          bodyField(out, response.body());
          out.writeEndObject();
        }
        out.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return text + "\n";
    }

    /** Entries as [name, value] pairs: names repeat, and a null value is a removal. */
    private static void entries(JsonGenerator out, String field, List<Entry> entries)
        throws IOException {
      out.writeArrayFieldStart(field);
      for (Entry entry : entries) {
        out.writeStartArray();
        out.writeString(entry.name());
        out.writeString(entry.value());
        out.writeEndArray();
      }
      out.writeEndArray();
    }

    private static void bodyField(JsonGenerator out, byte @Nullable [] body) throws IOException {
      out.writeStringField("body", body == null ? null : new String(body, StandardCharsets.UTF_8));
    }
  }
}
