package dev.a6.internal.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An ordered, mutable list of name/value pairs with case-insensitive names: headers a filter sets.
 * A {@code null} value records a removal. Reused across calls; {@link #clear()} keeps its arrays.
 */
public final class HeaderList {
  private String[] names = new String[8];
  private @Nullable String[] values = new String[8];
  private int size;

  public void clear() {
    Arrays.fill(names, 0, size, null);
    Arrays.fill(values, 0, size, null);
    size = 0;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public String name(int i) {
    return names[i];
  }

  public @Nullable String value(int i) {
    return values[i];
  }

  public int indexOf(String name) {
    for (int i = 0; i < size; i++) {
      if (names[i].equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  boolean contains(String name) {
    return indexOf(name) >= 0;
  }

  /** The first non-null value of {@code name}, or {@code null}. */
  public @Nullable String first(String name) {
    for (int i = 0; i < size; i++) {
      if (values[i] != null && names[i].equalsIgnoreCase(name)) {
        return values[i];
      }
    }
    return null;
  }

  /** Every non-null value of {@code name}, in order. */
  public List<String> all(String name) {
    List<String> found = new ArrayList<>(2);
    for (int i = 0; i < size; i++) {
      String value = values[i];
      if (value != null && names[i].equalsIgnoreCase(name)) {
        found.add(value);
      }
    }
    return List.copyOf(found);
  }

  /** The distinct names that have a value, in order of first appearance. */
  public Set<String> names() {
    Set<String> found = new LinkedHashSet<>();
    for (int i = 0; i < size; i++) {
      if (values[i] != null) {
        found.add(names[i]);
      }
    }
    return found;
  }

  /** Replaces every entry named {@code name} with one entry ({@code null}: a removal). */
  public void set(String name, @Nullable String value) {
    remove(name);
    append(name, value);
  }

  public void append(String name, @Nullable String value) {
    if (size == names.length) {
      names = Arrays.copyOf(names, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    names[size] = name;
    values[size] = value;
    size++;
  }

  /** Deletes every entry named {@code name}. */
  public void remove(String name) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (!names[i].equalsIgnoreCase(name)) {
        names[kept] = names[i];
        values[kept] = values[i];
        kept++;
      }
    }
    Arrays.fill(names, kept, size, null);
    Arrays.fill(values, kept, size, null);
    size = kept;
  }
}
