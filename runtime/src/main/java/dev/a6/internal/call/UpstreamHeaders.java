package dev.a6.internal.call;

import dev.a6.internal.wire.Entries;
import dev.a6.internal.wire.ReplyBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The headers the client will get in the response phase, once a filter changed one: the received
 * headers, referenced in place, mixed with the ones filters set. A received header becomes a
 * {@code String} only if a filter reads it, and goes back into the reply as the bytes it came as.
 * One instance per connection, reused.
 */
final class UpstreamHeaders {
  private static final int STRING = -1;

  /** A header forwarded as it is. */
  static final byte FORWARDED = 0;
  /** A header that describes one hop or the upstream's framing: never forwarded. */
  static final byte HOP_BY_HOP = 1;
  /** {@code content-encoding}: forwarded unless the body is replaced. */
  static final byte CONTENT_ENCODING = 2;

  private static final List<String> NOT_FORWARDED =
      List.of(
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

  private Entries received = new Entries();
  /** For each header: the index of the received entry it is, or {@link #STRING}. */
  private int[] source = new int[16];
  /** For each header: {@link #FORWARDED}, {@link #HOP_BY_HOP} or {@link #CONTENT_ENCODING}. */
  private byte[] kinds = new byte[16];
  private @Nullable String[] names = new String[16];
  private @Nullable String[] values = new String[16];
  private int size;

  /** Starts from the received headers (those with a value). */
  void init(Entries received) {
    clear();
    this.received = received;
    for (int i = 0; i < received.size(); i++) {
      if (received.hasValue(i)) {
        ensureCapacity(size + 1);
        kinds[size] = kind(received, i);
        source[size++] = i;
      }
    }
  }

  void clear() {
    Arrays.fill(names, 0, size, null);
    Arrays.fill(values, 0, size, null);
    size = 0;
  }

  int size() {
    return size;
  }

  String name(int k) {
    return source[k] == STRING ? names[k] : received.name(source[k]);
  }

  String value(int k) {
    return source[k] == STRING ? values[k] : received.value(source[k]);
  }

  boolean nameMatches(int k, String name) {
    return source[k] == STRING
        ? names[k].equalsIgnoreCase(name)
        : received.nameMatches(source[k], name, true);
  }

  @Nullable String first(String name) {
    for (int k = 0; k < size; k++) {
      if (nameMatches(k, name)) {
        return value(k);
      }
    }
    return null;
  }

  List<String> all(String name) {
    List<String> found = new ArrayList<>(2);
    for (int k = 0; k < size; k++) {
      if (nameMatches(k, name)) {
        found.add(value(k));
      }
    }
    return List.copyOf(found);
  }

  Set<String> names() {
    Set<String> found = new LinkedHashSet<>();
    for (int k = 0; k < size; k++) {
      found.add(name(k));
    }
    return found;
  }

  void set(String name, String value) {
    remove(name);
    append(name, value);
  }

  void append(String name, String value) {
    ensureCapacity(size + 1);
    source[size] = STRING;
    kinds[size] = kind(name);
    names[size] = name;
    values[size] = value;
    size++;
  }

  void remove(String name) {
    int kept = 0;
    for (int k = 0; k < size; k++) {
      if (!nameMatches(k, name)) {
        source[kept] = source[k];
        kinds[kept] = kinds[k];
        names[kept] = names[k];
        values[kept] = values[k];
        kept++;
      }
    }
    Arrays.fill(names, kept, size, null);
    Arrays.fill(values, kept, size, null);
    size = kept;
  }

  /** What header {@code k} is: {@link #FORWARDED}, {@link #HOP_BY_HOP} or {@link #CONTENT_ENCODING}. */
  byte kind(int k) {
    return kinds[k];
  }

  /** What received entry {@code i} is, by name. */
  static byte kind(Entries received, int i) {
    for (String name : NOT_FORWARDED) {
      if (received.nameIsAscii(i, name)) {
        return HOP_BY_HOP;
      }
    }
    return received.nameIsAscii(i, "content-encoding") ? CONTENT_ENCODING : FORWARDED;
  }

  private static byte kind(String name) {
    for (String candidate : NOT_FORWARDED) {
      if (candidate.equalsIgnoreCase(name)) {
        return HOP_BY_HOP;
      }
    }
    return name.equalsIgnoreCase("content-encoding") ? CONTENT_ENCODING : FORWARDED;
  }

  /** Whether headers {@code j} and {@code k} have the same name, ignoring case. */
  boolean sameName(int j, int k) {
    if (source[k] == STRING) {
      return nameMatches(j, names[k]);
    }
    if (source[j] == STRING) {
      return nameMatches(k, names[j]);
    }
    return received.sameName(source[j], source[k]);
  }

  /** Whether header {@code k} has the name of received entry {@code i}, ignoring case. */
  boolean sameNameAsReceived(int k, int i) {
    return source[k] == STRING
        ? received.nameMatches(i, names[k], true)
        : received.sameName(source[k], i);
  }

  /** Whether header {@code k} has the value of received entry {@code i}. */
  boolean valueEquals(int k, int i) {
    if (source[k] != STRING) {
      return source[k] == i || received.sameValue(source[k], i);
    }
    return received.valueMatches(i, values[k]);
  }

  /** Writes header {@code k} into the reply; received ones as the bytes they came as. */
  void push(ReplyBuilder out, int k) {
    if (source[k] == STRING) {
      out.pushEntry(names[k], values[k]);
    } else {
      out.pushEntry(received, source[k]);
    }
  }

  private void ensureCapacity(int capacity) {
    if (capacity > source.length) {
      int grown = Math.max(capacity, source.length * 2);
      source = Arrays.copyOf(source, grown);
      kinds = Arrays.copyOf(kinds, grown);
      names = Arrays.copyOf(names, grown);
      values = Arrays.copyOf(values, grown);
    }
  }
}
