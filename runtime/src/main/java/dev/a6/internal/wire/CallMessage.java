package dev.a6.internal.wire;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A received HTTPReqCall or HTTPRespCall, indexed in place over the connection's frame buffer.
 * One instance per connection, overwritten by each call; nothing of it outlives the call.
 */
public final class CallMessage {
  private static final String[] METHODS = {
    "GET", "HEAD", "POST", "PUT", "DELETE", "MKCOL", "COPY", "MOVE", "OPTIONS", "PROPFIND",
    "PROPPATCH", "LOCK", "UNLOCK", "PATCH", "TRACE"
  };

  public final Entries args = new Entries();
  public final Entries headers = new Entries();

  private final FlatReader reader = new FlatReader();
  private int type;
  private long id;
  private long token;
  private int method;
  private int status;
  private int srcIp = -1;
  private int path = -1;
  private @Nullable String pathString;

  /** Indexes an HTTPReqCall.Req payload held in {@code buf[0, size)}. */
  public void readRequestCall(byte[] buf, int size) {
    reset(Wire.HTTP_REQ_CALL, buf, size);
    int root = reader.root();
    id = reader.u32Field(root, 0, "id");
    srcIp = reader.vector(root, 1, 1, "src_ip");
    method = reader.u8Field(root, 2, "method");
    path = reader.vector(root, 3, 1, "path");
    args.bind(reader, reader.vector(root, 4, 4, "args"), "args");
    headers.bind(reader, reader.vector(root, 5, 4, "headers"), "headers");
    token = reader.u32Field(root, 6, "conf_token");
  }

  /** Indexes an HTTPRespCall.Req payload held in {@code buf[0, size)}. */
  public void readResponseCall(byte[] buf, int size) {
    reset(Wire.HTTP_RESP_CALL, buf, size);
    int root = reader.root();
    id = reader.u32Field(root, 0, "id");
    status = reader.u16Field(root, 1, "status");
    headers.bind(reader, reader.vector(root, 2, 4, "headers"), "headers");
    token = reader.u32Field(root, 3, "conf_token");
  }

  private void reset(int type, byte[] buf, int size) {
    this.type = type;
    reader.reset(buf, size, Wire.typeName(type));
    id = 0;
    token = 0;
    method = 0;
    status = 0;
    srcIp = -1;
    path = -1;
    pathString = null;
    args.clear();
    headers.clear();
  }

  public int type() {
    return type;
  }

  public long id() {
    return id;
  }

  public long token() {
    return token;
  }

  public int status() {
    return status;
  }

  public String method() {
    return method < METHODS.length ? METHODS[method] : "METHOD_" + method;
  }

  public String path() {
    String p = pathString;
    if (p == null) {
      p = path < 0 ? "" : reader.string(path);
      pathString = p;
    }
    return p;
  }

  /** The client address: 4 bytes for IPv4, 16 for IPv6; {@code null} if absent or odd-sized. */
  public @Nullable InetAddress sourceIp() {
    if (srcIp < 0) {
      return null;
    }
    int length = reader.i32(srcIp);
    if (length != 4 && length != 16) {
      return null;
    }
    byte[] buf = reader.buffer();
    try {
      return InetAddress.getByAddress(Arrays.copyOfRange(buf, srcIp + 4, srcIp + 4 + length));
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes always make an address", e);
    }
  }
}
