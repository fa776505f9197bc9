package dev.a6.internal.apisix;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.a6.internal.wire.TextEntry;
import dev.a6.internal.wire.Wire;
import dev.a6.internal.wire.err.Code;
import dev.a6.internal.wire.extrainfo.Info;
import dev.a6.internal.wire.httpreqcall.Action;
import dev.a6.internal.wire.httpreqcall.Rewrite;
import dev.a6.internal.wire.httpreqcall.Stop;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The other side of the protocol: builds the messages APISIX sends and reads the ones it
 * receives, the way APISIX's Lua client does. The plugin tester drives the runner's own call
 * handling through it, and tests and benchmarks speak to a runner with it.
 */
public final class ApisixCodec {
  /** Frame types: the first byte of every frame. */
  public static final int ERR = Wire.ERROR;

  public static final int PREPARE_CONF = Wire.PREPARE_CONF;
  public static final int HTTP_REQ_CALL = Wire.HTTP_REQ_CALL;
  public static final int EXTRA_INFO = Wire.EXTRA_INFO;
  public static final int HTTP_RESP_CALL = Wire.HTTP_RESP_CALL;

  /** What an ExtraInfo request asks for: {@link ExtraInfoRequest#infoType()}. */
  public static final int INFO_VAR = Info.Var;

  public static final int INFO_REQUEST_BODY = Info.ReqBody;
  public static final int INFO_RESPONSE_BODY = Info.RespBody;

  /** Err codes: {@link #errorCode}. */
  public static final int BAD_REQUEST = Code.BAD_REQUEST;

  public static final int SERVICE_UNAVAILABLE = Code.SERVICE_UNAVAILABLE;
  public static final int CONF_TOKEN_NOT_FOUND = Code.CONF_TOKEN_NOT_FOUND;

  private ApisixCodec() {}

  /** A header, argument or conf entry; {@code value} is {@code null} for an entry without one. */
  public record Entry(String name, @Nullable String value) {}

  /** An HTTPReqCall.Resp. At most one of {@code stop} and {@code rewrite} is set. */
  public record RequestReply(long id, @Nullable StopAction stop, @Nullable RewriteAction rewrite) {}

  /** A Stop action; {@code status} 0 means 200, as APISIX reads it. */
  public record StopAction(int status, List<Entry> headers, byte @Nullable [] body) {}

  /** A Rewrite action; absent parts are {@code null} or empty. */
  public record RewriteAction(
      @Nullable String path,
      List<Entry> headers,
      List<Entry> args,
      List<Entry> respHeaders,
      byte @Nullable [] body) {}

  /** An HTTPRespCall.Resp; {@code status} 0 keeps the upstream's. */
  public record ResponseReply(long id, int status, List<Entry> headers, byte @Nullable [] body) {}

  /**
   * An ExtraInfo.Req: {@link #INFO_VAR} (with the name), {@link #INFO_REQUEST_BODY} or {@link
   * #INFO_RESPONSE_BODY}.
   */
  public record ExtraInfoRequest(int infoType, @Nullable String var) {}

  /** The index of a method in the protocol's {@code Method} enum, as APISIX maps it. */
  public static int methodCode(String method) {
    List<String> methods =
        List.of(
            "GET", "HEAD", "POST", "PUT", "DELETE", "MKCOL", "COPY", "MOVE", "OPTIONS",
            "PROPFIND", "PROPPATCH", "LOCK", "UNLOCK", "PATCH", "TRACE");
    int code = methods.indexOf(method);
    if (code < 0) {
      throw new IllegalArgumentException(
          "APISIX can send only these methods: " + String.join(", ", methods) + "; got " + method);
    }
    return code;
  }

  // ------------------------------------------------------------------ what APISIX sends

  /** A PrepareConf.Req; a {@code null} conf leaves the vector out, as for a route without one. */
  public static ByteBuffer prepareConf(@Nullable String key, @Nullable List<Entry> conf) {
    FlatBufferBuilder fb = new FlatBufferBuilder(256);
    int keyOffset = key == null ? 0 : fb.createString(key);
    int confVector = conf == null ? 0 : entries(fb, conf, true);
    dev.a6.internal.wire.prepareconf.Req.startReq(fb);
    if (key != null) {
      dev.a6.internal.wire.prepareconf.Req.addKey(fb, keyOffset);
    }
    if (conf != null) {
      dev.a6.internal.wire.prepareconf.Req.addConf(fb, confVector);
    }
    fb.finish(dev.a6.internal.wire.prepareconf.Req.endReq(fb));
    return fb.dataBuffer();
  }

  /** An HTTPReqCall.Req. APISIX always sends the args and headers vectors, maybe empty. */
  public static ByteBuffer requestCall(
      long id,
      long token,
      byte[] sourceIp,
      String method,
      String path,
      List<Entry> args,
      List<Entry> headers) {
    FlatBufferBuilder fb = new FlatBufferBuilder(1024);
    int pathOffset = fb.createString(path);
    int ip = fb.createByteVector(sourceIp);
    int argVector = entries(fb, args, false);
    int headerVector = entries(fb, headers, false);
    dev.a6.internal.wire.httpreqcall.Req.startReq(fb);
    dev.a6.internal.wire.httpreqcall.Req.addId(fb, id);
    dev.a6.internal.wire.httpreqcall.Req.addConfToken(fb, token);
    dev.a6.internal.wire.httpreqcall.Req.addSrcIp(fb, ip);
    dev.a6.internal.wire.httpreqcall.Req.addPath(fb, pathOffset);
    dev.a6.internal.wire.httpreqcall.Req.addArgs(fb, argVector);
    dev.a6.internal.wire.httpreqcall.Req.addHeaders(fb, headerVector);
    dev.a6.internal.wire.httpreqcall.Req.addMethod(fb, methodCode(method));
    fb.finish(dev.a6.internal.wire.httpreqcall.Req.endReq(fb));
    return fb.dataBuffer();
  }

  /** An HTTPRespCall.Req: the upstream's status and headers (in their own case). */
  public static ByteBuffer responseCall(long id, long token, int status, List<Entry> headers) {
    FlatBufferBuilder fb = new FlatBufferBuilder(1024);
    int headerVector = entries(fb, headers, false);
    fb.finish(
        dev.a6.internal.wire.httprespcall.Req.createReq(fb, id, status, headerVector, token));
    return fb.dataBuffer();
  }

  /** An ExtraInfo.Resp; a {@code null} result is left out, as APISIX does for a nil value. */
  public static ByteBuffer extraInfoAnswer(byte @Nullable [] result) {
    FlatBufferBuilder fb = new FlatBufferBuilder(64 + (result == null ? 0 : result.length));
    int vector = result == null ? 0 : fb.createByteVector(result);
    fb.finish(dev.a6.internal.wire.extrainfo.Resp.createResp(fb, vector));
    return fb.dataBuffer();
  }

  // ------------------------------------------------------------------ what APISIX receives

  public static long confToken(ByteBuffer payload) {
    return dev.a6.internal.wire.prepareconf.Resp.getRootAsResp(payload).confToken();
  }

  public static int errorCode(ByteBuffer payload) {
    return dev.a6.internal.wire.err.Resp.getRootAsResp(payload).code();
  }

  /** The name of an Err code, as the protocol's schema spells it. */
  public static String errorName(int code) {
    return code >= 0 && code < Code.names.length ? Code.names[code] : "code " + code;
  }

  /**
   * The action of an HTTPReqCall reply, {@code "stop"}, {@code "rewrite"} or {@code "none"}, read
   * without decoding the rest: for load generators that count replies by the million.
   */
  public static String requestAction(ByteBuffer payload) {
    return switch (dev.a6.internal.wire.httpreqcall.Resp.getRootAsResp(payload).actionType()) {
      case Action.Stop -> "stop";
      case Action.Rewrite -> "rewrite";
      default -> "none";
    };
  }

  /** Whether an HTTPRespCall reply changes the status, the headers or the body. */
  public static boolean responseChanges(ByteBuffer payload) {
    var reply = dev.a6.internal.wire.httprespcall.Resp.getRootAsResp(payload);
    return reply.status() != 0 || reply.headersLength() > 0 || reply.bodyLength() > 0;
  }

  public static ExtraInfoRequest extraInfoRequest(ByteBuffer payload) {
    dev.a6.internal.wire.extrainfo.Req req =
        dev.a6.internal.wire.extrainfo.Req.getRootAsReq(payload);
    int type = req.infoType();
    String var = null;
    if (type == Info.Var) {
      dev.a6.internal.wire.extrainfo.Var table =
          (dev.a6.internal.wire.extrainfo.Var) req.info(new dev.a6.internal.wire.extrainfo.Var());
      var = table == null ? null : table.name();
    }
    return new ExtraInfoRequest(type, var);
  }

  public static RequestReply requestReply(ByteBuffer payload) {
    dev.a6.internal.wire.httpreqcall.Resp resp =
        dev.a6.internal.wire.httpreqcall.Resp.getRootAsResp(payload);
    StopAction stop = null;
    RewriteAction rewrite = null;
    if (resp.actionType() == Action.Stop) {
      Stop table = (Stop) resp.action(new Stop());
      List<Entry> headers = new ArrayList<>();
      for (int i = 0; i < table.headersLength(); i++) {
        headers.add(entry(table.headers(i)));
      }
      stop = new StopAction(table.status(), headers, bytes(table.bodyAsByteBuffer()));
    } else if (resp.actionType() == Action.Rewrite) {
      Rewrite table = (Rewrite) resp.action(new Rewrite());
      List<Entry> headers = new ArrayList<>();
      for (int i = 0; i < table.headersLength(); i++) {
        headers.add(entry(table.headers(i)));
      }
      List<Entry> args = new ArrayList<>();
      for (int i = 0; i < table.argsLength(); i++) {
        args.add(entry(table.args(i)));
      }
      List<Entry> respHeaders = new ArrayList<>();
      for (int i = 0; i < table.respHeadersLength(); i++) {
        respHeaders.add(entry(table.respHeaders(i)));
      }
      rewrite =
          new RewriteAction(
              table.path(), headers, args, respHeaders, bytes(table.bodyAsByteBuffer()));
    }
    return new RequestReply(resp.id(), stop, rewrite);
  }

  public static ResponseReply responseReply(ByteBuffer payload) {
    dev.a6.internal.wire.httprespcall.Resp resp =
        dev.a6.internal.wire.httprespcall.Resp.getRootAsResp(payload);
    List<Entry> headers = new ArrayList<>();
    for (int i = 0; i < resp.headersLength(); i++) {
      headers.add(entry(resp.headers(i)));
    }
    return new ResponseReply(resp.id(), resp.status(), headers, bytes(resp.bodyAsByteBuffer()));
  }

  // ------------------------------------------------------------------ helpers

  private static int entries(FlatBufferBuilder fb, List<Entry> entries, boolean confEntries) {
    int[] offsets = new int[entries.size()];
    for (int i = 0; i < offsets.length; i++) {
      Entry entry = entries.get(i);
      int name = fb.createString(entry.name());
      int value = entry.value() == null ? 0 : fb.createString(entry.value());
      offsets[i] = TextEntry.createTextEntry(fb, name, value);
    }
    return confEntries
        ? dev.a6.internal.wire.prepareconf.Req.createConfVector(fb, offsets)
        : dev.a6.internal.wire.httpreqcall.Req.createHeadersVector(fb, offsets);
  }

  private static Entry entry(TextEntry entry) {
    return new Entry(entry.name(), entry.value());
  }

  private static byte @Nullable [] bytes(@Nullable ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
