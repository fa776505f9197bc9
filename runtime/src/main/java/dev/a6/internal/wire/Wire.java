package dev.a6.internal.wire;

/** Numbers of the ext-plugin framing: one type byte, then a 3-byte big-endian payload length. */
public final class Wire {
  public static final int ERROR = 0;
  public static final int PREPARE_CONF = 1;
  public static final int HTTP_REQ_CALL = 2;
  public static final int EXTRA_INFO = 3;
  public static final int HTTP_RESP_CALL = 4;

  public static final int HEADER_LENGTH = 4;
  /** The largest payload a 3-byte length can state, and the largest APISIX sends or reads. */
  public static final int MAX_PAYLOAD = (1 << 24) - 1;

  private Wire() {}

  /** The protocol's name for a frame type, for log lines. */
  public static String typeName(int type) {
    return switch (type) {
      case ERROR -> "Err";
      case PREPARE_CONF -> "PrepareConf";
      case HTTP_REQ_CALL -> "HTTPReqCall";
      case EXTRA_INFO -> "ExtraInfo";
      case HTTP_RESP_CALL -> "HTTPRespCall";
      default -> "unknown type " + type;
    };
  }
}
