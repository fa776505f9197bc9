package dev.a6.internal.call;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.a6.HttpRequest;
import dev.a6.internal.wire.Ascii;
import dev.a6.internal.wire.CallMessage;
import dev.a6.internal.wire.Entries;
import dev.a6.internal.wire.HeaderList;
import dev.a6.internal.wire.ReplyBuilder;
import dev.a6.internal.wire.httpreqcall.Rewrite;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The request of an HTTPReqCall: reads go to the received message, changes are recorded beside it
 * and become the reply's Rewrite. One instance per connection, reset between calls.
 */
final class RequestView extends FetchingView implements HttpRequest {
  private final CallMessage message;

  /** Header changes by lower-case name; a {@code null} value is a removal. */
  private final HeaderList headerEdits = new HeaderList();
  /** Argument changes by name: the new values, empty for a removal. */
  private final Map<String, List<String>> argEdits = new LinkedHashMap<>();

  private @Nullable String newPath;
  private byte @Nullable [] newBody;

  RequestView(CallMessage message, Fetched fetched, Fetcher fetcher) {
    super(fetched, fetcher);
    this.message = message;
  }

  /**
   * Changes asked for so far, never reset: a filter's outcome compares the count before and after
   * it ran.
   */
  private int edits;

  int edits() {
    return edits;
  }

  void reset() {
    headerEdits.clear();
    if (!argEdits.isEmpty()) {
      argEdits.clear();
    }
    newPath = null;
    newBody = null;
  }

  @Override
  public long id() {
    return message.id();
  }

  @Override
  public @Nullable InetAddress sourceIp() {
    return message.sourceIp();
  }

  @Override
  public String method() {
    return message.method();
  }

  // ---------------------------------------------------------------- path

  @Override
  public String path() {
    return newPath != null ? newPath : message.path();
  }

  @Override
  public void setPath(String path) {
    edits++;
    newPath = HttpSyntax.path(path);
  }

  // ---------------------------------------------------------------- headers

  @Override
  public @Nullable String header(String name) {
    if (newBody != null && name.equalsIgnoreCase("content-length")) {
      return Integer.toString(newBody.length);
    }
    int edit = headerEdits.indexOf(name);
    if (edit >= 0) {
      return headerEdits.value(edit);
    }
    return message.headers.firstValue(name, true);
  }

  @Override
  public List<String> headers(String name) {
    if (newBody != null && name.equalsIgnoreCase("content-length")) {
      return List.of(Integer.toString(newBody.length));
    }
    int edit = headerEdits.indexOf(name);
    if (edit >= 0) {
      String value = headerEdits.value(edit);
      return value == null ? List.of() : List.of(value);
    }
    return message.headers.values(name, true);
  }

  @Override
  public Set<String> headerNames() {
    Set<String> names = message.headers.names(true);
    for (int i = 0; i < headerEdits.size(); i++) {
      String name = Ascii.lower(headerEdits.name(i));
      if (headerEdits.value(i) == null) {
        names.remove(name);
      } else {
        names.add(name);
      }
    }
    if (newBody != null) {
      names.add("content-length");
    }
    return names;
  }

  // Edited names keep the filter's case and are lower-cased as they are encoded.

  @Override
  public void setHeader(String name, String value) {
    edits++;
    HttpSyntax.headerValue(HttpSyntax.headerName(name), value);
    if (!HttpSyntax.dropsFramingEdit(name, "set of request header")) {
      headerEdits.set(name, value);
    }
  }

  @Override
  public void addHeader(String name, String value) {
    edits++;
    if (header(name) != null && !HttpSyntax.isFraming(name)) {
      throw new UnsupportedOperationException(
          "the request already has header \""
              + name
              + "\", and APISIX replaces request headers: it cannot send a second value."
              + " Use setHeader to replace the value.");
    }
    setHeader(name, value);
  }

  @Override
  public void removeHeader(String name) {
    edits++;
    HttpSyntax.headerName(name);
    if (!HttpSyntax.dropsFramingEdit(name, "removal of request header")) {
      headerEdits.set(name, null);
    }
  }

  // ---------------------------------------------------------------- args

  @Override
  public @Nullable String arg(String name) {
    List<String> edited = argEdits.get(name);
    if (edited != null) {
      return edited.isEmpty() ? null : edited.get(0);
    }
    return message.args.firstValue(name, false);
  }

  @Override
  public List<String> args(String name) {
    List<String> edited = argEdits.get(name);
    return edited != null ? edited : message.args.values(name, false);
  }

  @Override
  public boolean hasFlag(String name) {
    return !argEdits.containsKey(name) && message.args.hasEntryWithoutValue(name, false);
  }

  @Override
  public Set<String> argNames() {
    Set<String> names = message.args.names(false);
    argEdits.forEach(
        (name, values) -> {
          if (values.isEmpty()) {
            names.remove(name);
          } else {
            names.add(name);
          }
        });
    return names;
  }

  @Override
  public void setArg(String name, String value) {
    edits++;
    argEdits.put(checkArgName(name), List.of(value));
  }

  @Override
  public void addArg(String name, String value) {
    edits++;
    List<String> values = new ArrayList<>(args(checkArgName(name)));
    values.add(value);
    argEdits.put(name, List.copyOf(values));
  }

  @Override
  public void removeArg(String name) {
    edits++;
    argEdits.put(checkArgName(name), List.of());
  }

  private static String checkArgName(String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a query argument name cannot be empty");
    }
    return name;
  }

  // ---------------------------------------------------------------- body and vars

  @Override
  public byte[] body() {
    byte[] body = newBody;
    return body != null ? body : fetched.requestBody();
  }

  @Override
  public void setBody(byte[] body) {
    edits++;
    if (body.length == 0) {
      return;
    }
    // No content-length edit goes with it: APISIX's set_body_data sets the new length itself.
    newBody = body;
  }

  @Override
  public void setBody(String body) {
    edits++;
    setBody(body.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public CompletionStage<byte[]> fetchBody() {
    return fetchRequestBodyNow();
  }

  // ---------------------------------------------------------------- encoding

  /**
   * Writes the changes as a Rewrite table, with the client response's headers as {@code
   * resp_headers}; 0 if nothing changed. Only what differs from the received request goes out.
   */
  int encodeRewrite(ReplyBuilder out, ClientResponse response) {
    FlatBufferBuilder fb = out.fb();
    int path = 0;
    if (newPath != null && !newPath.equals(message.path())) {
      path = fb.createString(newPath);
    }
    int headers = encodeHeaderEdits(out);
    int args = encodeArgEdits(out);
    int respHeaders = response.encodeProxyHeaders(out);
    int body = newBody == null ? 0 : fb.createByteVector(newBody);
    if (path == 0 && headers == 0 && args == 0 && respHeaders == 0 && body == 0) {
      return 0;
    }
    return Rewrite.createRewrite(fb, path, headers, args, respHeaders, body);
  }

  private int encodeHeaderEdits(ReplyBuilder out) {
    int mark = out.mark();
    Entries received = message.headers;
    for (int i = 0; i < headerEdits.size(); i++) {
      String name = headerEdits.name(i);
      String value = headerEdits.value(i);
      int first = received.indexOf(name, 0, true);
      boolean unchanged =
          value == null
              ? first < 0
              : first >= 0
                  && received.indexOf(name, first + 1, true) < 0
                  && value.equals(received.value(first));
      if (!unchanged) {
        out.pushLowerCaseEntry(name, value);
      }
    }
    return out.endVector(mark);
  }

  private int encodeArgEdits(ReplyBuilder out) {
    if (argEdits.isEmpty()) {
      return 0;
    }
    int mark = out.mark();
    argEdits.forEach(
        (name, values) -> {
          Entries received = message.args;
          if (values.isEmpty()) {
            if (received.indexOf(name, 0, false) >= 0) {
              out.pushEntry(name, null);
            }
          } else if (received.hasEntryWithoutValue(name, false)
              || !values.equals(received.values(name, false))) {
            // APISIX replaces the argument with the first entry of a name and appends the rest.
            for (String value : values) {
              out.pushEntry(name, value);
            }
          }
        });
    return out.endVector(mark);
  }
}
