package dev.a6.internal.call;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.a6.UpstreamResponse;
import dev.a6.internal.wire.CallMessage;
import dev.a6.internal.wire.Entries;
import dev.a6.internal.wire.ReplyBuilder;
import dev.a6.internal.wire.httprespcall.Resp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The upstream response of an HTTPRespCall. Reads go to the received headers until a filter
 * changes one; from then on a copy holds the headers the client will get. One instance per
 * connection, reset between calls.
 */
final class UpstreamView extends FetchingView implements UpstreamResponse {
  private final CallMessage message;
  private final UpstreamHeaders current = new UpstreamHeaders();
  private boolean headersEdited;
  private int newStatus;
  private byte @Nullable [] newBody;

  UpstreamView(CallMessage message, Fetched fetched, Fetcher fetcher) {
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
    edits++;
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
    edits++;
    edit().set(HttpSyntax.headerName(name), HttpSyntax.headerValue(name, value));
  }

  @Override
  public void addHeader(String name, String value) {
    edits++;
    edit().append(HttpSyntax.headerName(name), HttpSyntax.headerValue(name, value));
  }

  @Override
  public void removeHeader(String name) {
    edits++;
    edit().remove(name);
  }

  private UpstreamHeaders edit() {
    if (!headersEdited) {
      current.init(message.headers);
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
    edits++;
    if (body.length > 0) {
      newBody = body;
    }
  }

  @Override
  public void setBody(String body) {
    edits++;
    setBody(body.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] requestBody() {
    return fetched.requestBody();
  }

  @Override
  public CompletionStage<byte[]> fetchBody() {
    return fetchUpstreamBodyNow();
  }

  @Override
  public CompletionStage<byte[]> fetchRequestBody() {
    return fetchRequestBodyNow();
  }

  // ---------------------------------------------------------------- encoding

  /** Writes the HTTPRespCall.Resp table: only the status, headers and body that changed. */
  int encodeResponse(ReplyBuilder out) {
    FlatBufferBuilder fb = out.fb();
    int headerVector = 0;
    if (headersEdited && headersChanged()) {
      // APISIX copies no upstream header once the reply names any: send the whole set.
      int mark = out.mark();
      for (int k = 0; k < current.size(); k++) {
        if (forwarded(k)) {
          current.push(out, k);
        }
      }
      headerVector = out.endVector(mark);
    }
    int bodyVector = newBody == null ? 0 : fb.createByteVector(newBody);
    int status = newStatus != message.status() ? newStatus : 0;
    return Resp.createResp(fb, message.id(), status, headerVector, bodyVector);
  }

  private boolean forwarded(int k) {
    return forwarded(current.kind(k));
  }

  private boolean forwardedReceived(int i) {
    return forwarded(UpstreamHeaders.kind(message.headers, i));
  }

  /** Hop-by-hop headers never go on; content-encoding not when the body is replaced. */
  private boolean forwarded(byte kind) {
    return kind == UpstreamHeaders.FORWARDED
        || kind == UpstreamHeaders.CONTENT_ENCODING && newBody == null;
  }

  /**
   * Whether the forwarded headers differ from the upstream's: some name has other values, or
   * values in another order. Moving a header to the end by setting it to its own value is no
   * change. Compares in place, allocating nothing.
   */
  private boolean headersChanged() {
    Entries received = message.headers;
    int forwardedNow = 0;
    for (int k = 0; k < current.size(); k++) {
      forwardedNow += forwarded(k) ? 1 : 0;
    }
    int forwardedBefore = 0;
    for (int i = 0; i < received.size(); i++) {
      forwardedBefore += received.hasValue(i) && forwardedReceived(i) ? 1 : 0;
    }
    if (forwardedNow != forwardedBefore) {
      return true; // the common case: a filter added a header
    }
    for (int k = 0; k < current.size(); k++) {
      if (!forwarded(k) || seenBefore(k)) {
        continue;
      }
      int r = -1;
      for (int m = k; m < current.size(); m++) {
        if (m != k && !current.sameName(k, m)) {
          continue;
        }
        r = nextReceived(k, r + 1);
        if (r < 0 || !current.valueEquals(m, r)) {
          return true;
        }
      }
      if (nextReceived(k, r + 1) >= 0) {
        return true;
      }
    }
    for (int i = 0; i < received.size(); i++) {
      if (received.hasValue(i) && forwardedReceived(i) && !inCurrent(i)) {
        return true;
      }
    }
    return false;
  }

  private boolean seenBefore(int k) {
    for (int j = 0; j < k; j++) {
      if (current.sameName(j, k)) {
        return true;
      }
    }
    return false;
  }

  /** The next received entry, from {@code from}, with a value and the name of header {@code k}. */
  private int nextReceived(int k, int from) {
    Entries received = message.headers;
    for (int i = from; i < received.size(); i++) {
      if (received.hasValue(i) && current.sameNameAsReceived(k, i)) {
        return i;
      }
    }
    return -1;
  }

  private boolean inCurrent(int i) {
    for (int k = 0; k < current.size(); k++) {
      if (current.sameNameAsReceived(k, i)) {
        return true;
      }
    }
    return false;
  }
}
