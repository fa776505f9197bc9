package dev.a6.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code [TextEntry]} vector of a received message (headers or args), indexed in place.
 *
 * <p>Reading a message only records where each name and value lies in the frame; a {@code String}
 * is made when a filter asks for that entry, and kept for the rest of the call. Lookups by name
 * compare bytes, so looking for one header creates no strings for the others.
 */
public final class Entries {
  private static final int ABSENT = -1;

  private byte[] buf = new byte[0];
  private int count;
  /** A vector bound but not indexed yet: most calls never read most headers. */
  private @Nullable FlatReader pendingReader;
  private int pendingVector = -1;
  private String pendingWhat = "";
  private int[] namePos = new int[16];
  private int[] nameLen = new int[16];
  private int[] valuePos = new int[16];
  private int[] valueLen = new int[16];
  private @Nullable String[] names = new String[16];
  private @Nullable String[] values = new String[16];

  /**
   * Binds the vector at {@code vector} (or none, if -1), to be indexed when first read. Its
   * length was checked against the payload; each entry is checked as it is indexed, and a bad
   * one throws {@link ProtocolException} then.
   */
  void bind(FlatReader reader, int vector, String what) {
    clear();
    buf = reader.buffer();
    pendingReader = reader;
    pendingVector = vector;
    pendingWhat = what;
  }

  /** Indexes the bound vector now, if it was not yet. */
  private void index() {
    FlatReader reader = pendingReader;
    if (reader == null) {
      return;
    }
    pendingReader = null;
    read(reader, pendingVector, pendingWhat);
  }

  /** Indexes the vector at {@code vector} (or none, if -1), checking every entry. */
  void read(FlatReader reader, int vector, String what) {
    clear();
    buf = reader.buffer();
    if (vector < 0) {
      return;
    }
    int length = reader.length(vector);
    ensureCapacity(length);
    for (int i = 0; i < length; i++) {
      int entry = reader.tableElement(vector, i, what);
      int name = reader.vector(entry, 0, 1, what);
      int value = reader.vector(entry, 1, 1, what);
      if (name < 0) {
        throw new ProtocolException("malformed message: " + what + " entry " + i + " has no name");
      }
      namePos[i] = name + 4;
      nameLen[i] = reader.i32(name);
      if (value < 0) {
        valuePos[i] = ABSENT;
        valueLen[i] = 0;
      } else {
        valuePos[i] = value + 4;
        valueLen[i] = reader.i32(value);
      }
    }
    count = length;
  }

  /** Forgets the entries and the strings made for them. */
  void clear() {
    Arrays.fill(names, 0, count, null);
    Arrays.fill(values, 0, count, null);
    count = 0;
    pendingReader = null;
  }

  /** The number of entries; every other accessor takes indexes below it. */
  public int size() {
    index();
    return count;
  }

  public String name(int i) {
    String name = names[i];
    if (name == null) {
      name = new String(buf, namePos[i], nameLen[i], StandardCharsets.UTF_8);
      names[i] = name;
    }
    return name;
  }

  public boolean hasValue(int i) {
    return valuePos[i] != ABSENT;
  }

  /** The value of entry {@code i}, or {@code null} if the entry has none (a flag argument). */
  public @Nullable String value(int i) {
    if (valuePos[i] == ABSENT) {
      return null;
    }
    String value = values[i];
    if (value == null) {
      value = new String(buf, valuePos[i], valueLen[i], StandardCharsets.UTF_8);
      values[i] = value;
    }
    return value;
  }

  /** Where the name of entry {@code i} lies in the frame, for copying it into a reply. */
  int namePos(int i) {
    return namePos[i];
  }

  int nameLength(int i) {
    return nameLen[i];
  }

  int valuePos(int i) {
    return valuePos[i];
  }

  int valueLength(int i) {
    return valueLen[i];
  }

  byte[] buffer() {
    return buf;
  }

  /** The first entry at or after {@code from} with this name, or -1. */
  public int indexOf(String name, int from, boolean ignoreCase) {
    index();
    for (int i = from; i < count; i++) {
      if (nameMatches(i, name, ignoreCase)) {
        return i;
      }
    }
    return -1;
  }

  /** The first value of the entries named {@code name} that have one, or {@code null}. */
  public @Nullable String firstValue(String name, boolean ignoreCase) {
    for (int i = indexOf(name, 0, ignoreCase); i >= 0; i = indexOf(name, i + 1, ignoreCase)) {
      if (hasValue(i)) {
        return value(i);
      }
    }
    return null;
  }

  /** The values of the entries named {@code name}, skipping entries without value. */
  public List<String> values(String name, boolean ignoreCase) {
    int first = indexOf(name, 0, ignoreCase);
    if (first < 0) {
      return List.of();
    }
    List<String> found = new ArrayList<>(2);
    for (int i = first; i >= 0; i = indexOf(name, i + 1, ignoreCase)) {
      String value = value(i);
      if (value != null) {
        found.add(value);
      }
    }
    return List.copyOf(found);
  }

  /** Whether some entry named {@code name} has no value. */
  public boolean hasEntryWithoutValue(String name, boolean ignoreCase) {
    for (int i = indexOf(name, 0, ignoreCase); i >= 0; i = indexOf(name, i + 1, ignoreCase)) {
      if (!hasValue(i)) {
        return true;
      }
    }
    return false;
  }

  /** The distinct names, in the order they first appear. */
  public Set<String> names(boolean lowerCase) {
    index();
    Set<String> found = new LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      found.add(lowerCase ? Ascii.lower(name(i)) : name(i));
    }
    return found;
  }

  /**
   * Whether entry {@code i} is named {@code name}. Header names are ASCII, so ASCII names compare
   * byte by byte (ignoring the case of letters when asked); any other name compares decoded.
   */
  public boolean nameMatches(int i, String name, boolean ignoreCase) {
    int length = nameLen[i];
    if (length != name.length()) {
      // A non-ASCII name has more bytes than chars; only then can the lengths differ and match.
      return !Ascii.isAscii(name) && decodedNameMatches(i, name, ignoreCase);
    }
    int pos = namePos[i];
    for (int k = 0; k < length; k++) {
      int b = buf[pos + k];
      char c = name.charAt(k);
      if (c >= 128) {
        return decodedNameMatches(i, name, ignoreCase);
      }
      if (b != c && (!ignoreCase || b < 0 || Ascii.lower((char) b) != Ascii.lower(c))) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@link #nameMatches} ignoring case, for a name known to be ASCII (a constant of the runtime):
   * a length that differs settles it at once.
   */
  public boolean nameIsAscii(int i, String asciiName) {
    int length = nameLen[i];
    if (length != asciiName.length()) {
      return false;
    }
    int pos = namePos[i];
    for (int k = 0; k < length; k++) {
      int b = buf[pos + k];
      char c = asciiName.charAt(k);
      if (b != c && (b < 0 || Ascii.lower((char) b) != Ascii.lower(c))) {
        return false;
      }
    }
    return true;
  }

  private boolean decodedNameMatches(int i, String name, boolean ignoreCase) {
    return ignoreCase ? name(i).equalsIgnoreCase(name) : name(i).equals(name);
  }

  private void ensureCapacity(int length) {
    if (length > namePos.length) {
      int capacity = Math.max(length, namePos.length * 2);
      namePos = new int[capacity];
      nameLen = new int[capacity];
      valuePos = new int[capacity];
      valueLen = new int[capacity];
      names = new String[capacity];
      values = new String[capacity];
    }
  }

  /** Whether entries {@code i} and {@code j} have the same name, ASCII letters ignoring case. */
  public boolean sameName(int i, int j) {
    int length = nameLen[i];
    if (length != nameLen[j]) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      byte a = buf[namePos[i] + k];
      byte b = buf[namePos[j] + k];
      if (a != b && (a < 0 || b < 0 || Ascii.lower((char) a) != Ascii.lower((char) b))) {
        return false;
      }
    }
    return true;
  }

  /** Whether entries {@code i} and {@code j} have the same value bytes. */
  public boolean sameValue(int i, int j) {
    if (!hasValue(i) || !hasValue(j)) {
      return hasValue(i) == hasValue(j);
    }
    return Arrays.equals(
        buf, valuePos[i], valuePos[i] + valueLen[i], buf, valuePos[j], valuePos[j] + valueLen[j]);
  }

  /** Whether entry {@code i} has exactly {@code value}. */
  public boolean valueMatches(int i, String value) {
    if (!hasValue(i)) {
      return false;
    }
    int length = valueLen[i];
    if (length == value.length() && Ascii.isAscii(value)) {
      int pos = valuePos[i];
      for (int k = 0; k < length; k++) {
        if (buf[pos + k] != value.charAt(k)) {
          return false;
        }
      }
      return true;
    }
    return value.equals(value(i));
  }
}
