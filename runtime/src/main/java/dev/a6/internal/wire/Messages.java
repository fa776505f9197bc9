package dev.a6.internal.wire;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Decoding of the received messages that are not calls: PrepareConf and ExtraInfo answers. */
public final class Messages {
  private Messages() {}

  /** One plugin of a PrepareConf: its name and conf value. */
  public record ConfEntry(String name, String value) {}

  /** A PrepareConf.Req: the chain, in execution order, and APISIX's idempotency key. */
  public record PrepareConf(List<ConfEntry> conf, @Nullable String key) {}

  public static PrepareConf prepareConf(FlatReader reader) {
    int root = reader.root();
    int vector = reader.vector(root, 0, 4, "conf");
    int keyVector = reader.vector(root, 1, 1, "key");
    List<ConfEntry> conf = new ArrayList<>();
    if (vector >= 0) {
      int length = reader.length(vector);
      for (int i = 0; i < length; i++) {
        int entry = reader.tableElement(vector, i, "conf");
        int name = reader.vector(entry, 0, 1, "conf name");
        int value = reader.vector(entry, 1, 1, "conf value");
        if (name < 0) {
          throw new ProtocolException(
              "malformed PrepareConf: conf entry " + i + " has no plugin name");
        }
        conf.add(new ConfEntry(reader.string(name), value < 0 ? "" : reader.string(value)));
      }
    }
    return new PrepareConf(List.copyOf(conf), keyVector < 0 ? null : reader.string(keyVector));
  }

  /**
   * The result of an ExtraInfo answer: the bytes, or {@code null} when absent (APISIX has no value
   * for the variable, or the body is empty).
   */
  public static byte @Nullable [] extraInfoResult(FlatReader reader) {
    int root = reader.root();
    int result = reader.vector(root, 0, 1, "result");
    if (result < 0) {
      return null;
    }
    return reader.bytes(result + 4, reader.i32(result));
  }
}
