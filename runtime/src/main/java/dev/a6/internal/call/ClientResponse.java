package dev.a6.internal.call;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.a6.HttpResponse;
import dev.a6.internal.wire.Ascii;
import dev.a6.internal.wire.HeaderList;
import dev.a6.internal.wire.ReplyBuilder;
import dev.a6.internal.wire.httpreqcall.Stop;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The client response of an HTTPReqCall: the headers filters set, and the stop, if any. Becomes
 * the Stop of the reply, or the {@code resp_headers} of its Rewrite. One instance per connection,
 * reset between calls.
 */
final class ClientResponse implements HttpResponse {
  /** Names APISIX ignores in {@code resp_headers} (protocol 2.5); sending them changes nothing. */
  private static final List<String> IGNORED_WHILE_PROXYING =
      List.of(
          "connection",
          "content-length",
          "transfer-encoding",
          "location",
          "server",
          "www-authenticate",
          "content-encoding",
          "content-type",
          "content-location",
          "content-language");

  private static final byte[] NO_BODY = new byte[0];

  private final HeaderList headers = new HeaderList();
  private boolean stopped;
  private int status;
  private byte[] body = NO_BODY;

  /**
   * Changes asked for so far, never reset: a filter's outcome compares the count before and after
   * it ran.
   */
  private int edits;

  int edits() {
    return edits;
  }

  void reset() {
    headers.clear();
    stopped = false;
    status = 0;
    body = NO_BODY;
  }

  // Names keep the filter's case here and are lower-cased as they are encoded: no copy per call.

  @Override
  public void setHeader(String name, String value) {
    edits++;
    HttpSyntax.headerValue(HttpSyntax.headerName(name), value);
    if (!HttpSyntax.dropsFramingEdit(name, "setting of response header")) {
      headers.set(name, value);
    }
  }

  @Override
  public void addHeader(String name, String value) {
    edits++;
    HttpSyntax.headerValue(HttpSyntax.headerName(name), value);
    if (!HttpSyntax.dropsFramingEdit(name, "setting of response header")) {
      headers.append(name, value);
    }
  }

  @Override
  public void removeHeader(String name) {
    edits++;
    headers.remove(name);
  }

  @Override
  public @Nullable String header(String name) {
    return headers.first(name);
  }

  @Override
  public List<String> headers(String name) {
    return headers.all(name);
  }

  @Override
  public Set<String> headerNames() {
    Set<String> names = new LinkedHashSet<>();
    for (String name : headers.names()) {
      names.add(Ascii.lower(name));
    }
    return names;
  }

  @Override
  public void stop() {
    stop(200, NO_BODY);
  }

  @Override
  public void stop(int status) {
    stop(status, NO_BODY);
  }

  @Override
  public void stop(int status, String body) {
    stop(status, body.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void stop(int status, byte[] body) {
    this.status = HttpSyntax.status(status);
    this.body = body;
    this.stopped = true;
  }

  @Override
  public boolean isStopped() {
    return stopped;
  }

  @Override
  public int status() {
    return stopped ? status : 0;
  }

  /** Writes the Stop table. */
  int encodeStop(ReplyBuilder out) {
    FlatBufferBuilder fb = out.fb();
    int mark = out.mark();
    for (int i = 0; i < headers.size(); i++) {
      out.pushLowerCaseEntry(headers.name(i), headers.value(i));
    }
    int headerVector = out.endVector(mark);
    int bodyVector = body.length == 0 ? 0 : fb.createByteVector(body);
    // APISIX reads status 0 as 200; omitting the default keeps the reply minimal.
    return Stop.createStop(fb, status == 200 ? 0 : status, headerVector, bodyVector);
  }

  /** Writes the headers for a proxied request ({@code resp_headers}); 0 if there are none. */
  int encodeProxyHeaders(ReplyBuilder out) {
    if (headers.isEmpty()) {
      return 0;
    }
    int mark = out.mark();
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i);
      if (!ignoredWhileProxying(name)) {
        out.pushLowerCaseEntry(name, headers.value(i));
      }
    }
    return out.endVector(mark);
  }

  private static boolean ignoredWhileProxying(String name) {
    for (String ignored : IGNORED_WHILE_PROXYING) {
      if (ignored.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }
}
