package dev.a6.internal;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.a6.UpstreamResponse;
import dev.a6.internal.wire.extrainfo.Info;
import dev.a6.internal.wire.httprespcall.Resp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The upstream response of an HTTPRespCall. Reads go to the received headers until a filter
 * changes one; from then on a copy holds the headers the client will get. One instance per
 * connection, reset between calls.
 */
final class UpstreamView implements UpstreamResponse {
  /** Headers that describe one hop or the upstream's framing, never forwarded as they are. */
  private static final Set<String> NOT_FORWARDED =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "content-length");

  private final CallMessage message;
  private final Fetched fetched;
  private final Fetcher fetcher;
  private final HeaderList current = new HeaderList();
  private boolean headersEdited;
  private int newStatus;
  private byte @Nullable [] newBody;

  UpstreamView(CallMessage message, Fetched fetched, Fetcher fetcher) {
    this.message = message;
    this.fetched = fetched;
    this.fetcher = fetcher;
  }

  void reset() {
    current.clear();
    headersEdited = false;
    newStatus = 0;
    newBody = null;
  }

  @Override
  public long id() {
    return message.id();
  }

  @Override
  public int status() {
    return newStatus != 0 ? newStatus : message.status();
  }

  @Override
  public void setStatus(int status) {
    newStatus = HttpSyntax.status(status);
  }

  // ---------------------------------------------------------------- headers

  @Override
  public @Nullable String header(String name) {
    return headersEdited ? current.first(name) : message.headers.firstValue(name, true);
  }

  @Override
  public List<String> headers(String name) {
    return headersEdited ? current.all(name) : message.headers.values(name, true);
  }

  @Override
  public Set<String> headerNames() {
    return headersEdited ? current.names() : message.headers.names(false);
  }

  @Override
  public void setHeader(String name, String value) {
    edit().set(HttpSyntax.headerName(name), HttpSyntax.headerValue(name, value));
  }

  @Override
  public void addHeader(String name, String value) {
    edit().append(HttpSyntax.headerName(name), HttpSyntax.headerValue(name, value));
  }

  @Override
  public void removeHeader(String name) {
    edit().remove(name);
  }

  private HeaderList edit() {
    if (!headersEdited) {
      Entries received = message.headers;
      for (int i = 0; i < received.size(); i++) {
        String value = received.value(i);
        if (value != null) {
          current.append(received.name(i), value);
        }
      }
      headersEdited = true;
    }
    return current;
  }

  // ---------------------------------------------------------------- bodies and vars

  @Override
  public byte[] body() {
    byte[] body = newBody;
    return body != null ? body : fetched.upstreamBody();
  }

  @Override
  public void setBody(byte[] body) {
    if (body.length > 0) {
      newBody = body;
    }
  }

  @Override
  public void setBody(String body) {
    setBody(body.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] requestBody() {
    return fetched.requestBody();
  }

  @Override
  public @Nullable String var(String name) {
    return fetched.var(name);
  }

  @Override
  public byte @Nullable [] varBytes(String name) {
    return fetched.varBytes(name);
  }

  @Override
  public CompletionStage<Optional<String>> fetchVar(String name) {
    return fetcher
        .fetch(Info.Var, name)
        .thenApply(bytes -> Optional.ofNullable(fetched.var(name)));
  }

  @Override
  public CompletionStage<byte[]> fetchBody() {
    return fetcher.fetch(Info.RespBody, null).thenApply(bytes -> fetched.upstreamBody());
  }

  @Override
  public CompletionStage<byte[]> fetchRequestBody() {
    return fetcher.fetch(Info.ReqBody, null).thenApply(bytes -> fetched.requestBody());
  }

  // ---------------------------------------------------------------- encoding

  /** Writes the HTTPRespCall.Resp table: only the status, headers and body that changed. */
  int encodeResponse(ReplyBuilder out) {
    FlatBufferBuilder fb = out.fb();
    int headerVector = 0;
    if (headersEdited && headersChanged()) {
      // APISIX copies no upstream header once the reply names any: send the whole set.
      int mark = out.mark();
      for (int i = 0; i < current.size(); i++) {
        String name = current.name(i);
        if (forwarded(name)) {
          out.pushEntry(name, current.value(i));
        }
      }
      headerVector = out.endVector(mark);
    }
    int bodyVector = newBody == null ? 0 : fb.createByteVector(newBody);
    int status = newStatus != message.status() ? newStatus : 0;
    return Resp.createResp(fb, message.id(), status, headerVector, bodyVector);
  }

  private boolean forwarded(String name) {
    String lower = Ascii.lower(name);
    return !NOT_FORWARDED.contains(lower)
        && !(newBody != null && lower.equals("content-encoding"));
  }

  /**
   * Whether the forwarded headers differ from the upstream's: some name has other values, or
   * values in another order. Moving a header to the end by setting it to its own value is no
   * change.
   */
  private boolean headersChanged() {
    Entries received = message.headers;
    for (int i = 0; i < current.size(); i++) {
      String name = current.name(i);
      if (forwarded(name) && !current.all(name).equals(received.values(name, true))) {
        return true;
      }
    }
    for (int i = 0; i < received.size(); i++) {
      String name = received.name(i);
      if (forwarded(name) && received.hasValue(i) && !current.contains(name)) {
        return true;
      }
    }
    return false;
  }
}
