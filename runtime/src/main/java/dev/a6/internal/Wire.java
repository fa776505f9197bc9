package dev.a6.internal;

/** Numbers of the ext-plugin framing: one type byte, then a 3-byte big-endian payload length. */
final class Wire {
  static final int ERROR = 0;
  static final int PREPARE_CONF = 1;
  static final int HTTP_REQ_CALL = 2;
  static final int EXTRA_INFO = 3;
  static final int HTTP_RESP_CALL = 4;

  static final int HEADER_LENGTH = 4;
  /** The largest payload a 3-byte length can state, and the largest APISIX sends or reads. */
  static final int MAX_PAYLOAD = (1 << 24) - 1;

  private Wire() {}

  /** The protocol's name for a frame type, for log lines. */
  static String typeName(int type) {
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
