package dev.a6.spi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.a6.ConfException;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A pull reader over one JSON conf, for generated conf parsers.
 *
 * <p>It reads jackson-core's streaming tokens and turns every problem into a {@link ConfException}
 * that names the JSON path and what was expected, never the value found.
 *
 * <pre>{@code
 * in.beginObject();
 * for (String key; (key = in.nextKey()) != null; ) {
 *   switch (key) {
 *     case "burst" -> burst = in.readInt();
 *     default -> in.unknownKey(KEYS);
 *   }
 * }
 * }</pre>
 */
public final class ConfReader implements AutoCloseable {

  /** Reads one value at the current token. */
  @FunctionalInterface
  public interface ValueReader<T> {
    T read(ConfReader in);
  }

  /** The deepest nesting a conf may have. */
  public static final int MAX_DEPTH = 64;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DEPTH)
                  .maxNumberLength(64)
                  .build())
          .build();

  private final JsonParser parser;

  private ConfReader(JsonParser parser) {
    this.parser = parser;
  }

  /**
   * Starts reading {@code json} and moves to its first token. A blank conf reads as {@code {}}:
   * APISIX routes may leave a plugin's value empty.
   */
  public static ConfReader of(String json) {
    String text = json.isBlank() ? "{}" : json;
    ConfReader in;
    try {
      in = new ConfReader(JSON.createParser(text));
    } catch (IOException e) {
      throw new ConfException("$: cannot read the conf: " + e.getClass().getSimpleName(), e);
    }
    in.advance();
    return in;
  }

  /**
   * Parses a default value given as JSON in the conf record. The processor has checked it against
   * the component type at compile time.
   */
  public static <T> T parseDefault(String json, ValueReader<T> reader) {
    try (ConfReader in = of(json)) {
      T value = reader.read(in);
      in.end();
      return value;
    }
  }

  /** Checks that the conf ends after the value just read. */
  public void end() {
    if (advance() != null) {
      throw error("unexpected content after the conf");
    }
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      // Closing a parser over a String does not fail; nothing to release.
    }
  }

  // ---------------------------------------------------------------- objects and arrays

  /** Expects an object at the current token. */
  public void beginObject() {
    expect(JsonToken.START_OBJECT, "object");
  }

  /**
   * Moves to the next key of the current object and then to its value, returning the key; {@code
   * null} at the end of the object. Checks for required keys belong right after the {@code null}:
   * errors raised there name the object.
   */
  public @Nullable String nextKey() {
    JsonToken token = advance();
    if (token == JsonToken.END_OBJECT) {
      return null;
    }
    if (token != JsonToken.FIELD_NAME) {
      throw error("malformed object");
    }
    String key = currentName();
    advance();
    return key;
  }

  /** Expects an array at the current token. */
  public void beginArray() {
    expect(JsonToken.START_ARRAY, "array");
  }

  /** Moves to the next element of the current array; {@code false} at its end. */
  public boolean nextElement() {
    return advance() != JsonToken.END_ARRAY;
  }

  /** Whether the current value is JSON {@code null}. */
  public boolean isNull() {
    return parser.currentToken() == JsonToken.VALUE_NULL;
  }

  /** Skips the current value, with everything nested in it. */
  public void skipValue() {
    try {
      parser.skipChildren();
    } catch (IOException e) {
      throw translate(e);
    }
  }

  // ---------------------------------------------------------------- scalars

  /** Reads a string. */
  public String readString() {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw mismatch("string");
    }
    try {
      return parser.getText();
    } catch (IOException e) {
      throw translate(e);
    }
  }

  /** Reads {@code true} or {@code false}. */
  public boolean readBoolean() {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_TRUE) {
      return true;
    }
    if (token == JsonToken.VALUE_FALSE) {
      return false;
    }
    throw mismatch("boolean");
  }

  /** Reads an integer that fits 32 bits. */
  public int readInt() {
    integerToken("integer");
    try {
      return parser.getIntValue();
    } catch (InputCoercionException e) {
      throw error("expected integer (32-bit), got a number out of range");
    } catch (IOException e) {
      throw translate(e);
    }
  }

  /** Reads an integer that fits 64 bits. */
  public long readLong() {
    integerToken("integer");
    try {
      return parser.getLongValue();
    } catch (InputCoercionException e) {
      throw error("expected integer (64-bit), got a number out of range");
    } catch (IOException e) {
      throw translate(e);
    }
  }

  /** Reads a number. */
  public double readDouble() {
    JsonToken token = parser.currentToken();
    if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
      throw mismatch("number");
    }
    try {
      double value = parser.getDoubleValue();
      if (Double.isInfinite(value)) {
        throw error("expected number, got a number out of range");
      }
      return value;
    } catch (IOException e) {
      throw translate(e);
    }
  }

  /** Reads an enum constant, matching its name case-insensitively: {@code "once"} reads ONCE. */
  public <E extends Enum<E>> E readEnum(E[] constants) {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw mismatch(describe(constants));
    }
    String text = readString();
    for (E constant : constants) {
      if (constant.name().equalsIgnoreCase(text)) {
        return constant;
      }
    }
    throw error("expected " + describe(constants) + ", got another string");
  }

  /** Reads the current value, whatever its shape, back as compact JSON text. */
  public String readRawJson() {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      generator.copyCurrentStructure(parser);
    } catch (IOException e) {
      throw translate(e);
    }
    return out.toString();
  }

  // ---------------------------------------------------------------- containers

  /** Reads an array into an unmodifiable list. */
  public <T> List<T> readList(ValueReader<T> element) {
    beginArray();
    List<T> list = new ArrayList<>();
    while (nextElement()) {
      list.add(element.read(this));
    }
    return Collections.unmodifiableList(list);
  }

  /** Reads an array into an unmodifiable set that keeps the first occurrence's order. */
  public <T> Set<T> readSet(ValueReader<T> element) {
    beginArray();
    Set<T> set = new LinkedHashSet<>();
    while (nextElement()) {
      set.add(element.read(this));
    }
    return Collections.unmodifiableSet(set);
  }

  /** Reads an object into an unmodifiable map that keeps the keys' order. */
  public <T> Map<String, T> readMap(ValueReader<T> value) {
    beginObject();
    Map<String, T> map = new LinkedHashMap<>();
    for (String key; (key = nextKey()) != null; ) {
      map.put(key, value.read(this));
    }
    return Collections.unmodifiableMap(map);
  }

  /** Reads a value that may be JSON {@code null}, which gives an empty optional. */
  public <T> Optional<T> readOptional(ValueReader<T> value) {
    return isNull() ? Optional.empty() : Optional.of(value.read(this));
  }

  /** Reads a value that may be JSON {@code null}, which gives {@code null}. */
  public <T> @Nullable T readNullable(ValueReader<T> value) {
    return isNull() ? null : value.read(this);
  }

  // ---------------------------------------------------------------- errors

  /**
   * Rejects the key just read.
   *
   * @param known the keys the conf accepts, for the message
   */
  public void unknownKey(List<String> known) {
    throw error("unknown key; expected one of: " + String.join(", ", known));
  }

  /** The error for a required key the object just ended without. */
  public ConfException missing(String key) {
    return error("missing required key \"" + key + "\"");
  }

  /** The error for a value the conf record refused: its message, at the current path. */
  public ConfException invalid(RuntimeException refusal) {
    String reason = refusal.getMessage();
    return new ConfException(
        path()
            + ": "
            + (reason == null || reason.isBlank()
                ? "refused by " + refusal.getClass().getSimpleName()
                : reason),
        refusal);
  }

  /** An error at the current path. */
  public ConfException error(String message) {
    return new ConfException(path() + ": " + message);
  }

  /** The JSON path of the current value, such as {@code $.filters[2].regex}. */
  public String path() {
    ArrayDeque<String> segments = new ArrayDeque<>();
    for (JsonStreamContext context = parser.getParsingContext();
        context != null;
        context = context.getParent()) {
      if (context.inArray() && context.hasCurrentIndex()) {
        segments.push("[" + context.getCurrentIndex() + "]");
      } else if (context.inObject() && context.getCurrentName() != null) {
        segments.push(pathKey(context.getCurrentName()));
      }
    }
    StringBuilder path = new StringBuilder("$");
    segments.forEach(path::append);
    return path.toString();
  }

  private static String pathKey(String key) {
    boolean plain = !key.isEmpty();
    for (int i = 0; i < key.length() && plain; i++) {
      char c = key.charAt(i);
      plain = c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-');
    }
    if (plain) {
      return "." + key;
    }
    return "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }

  // ---------------------------------------------------------------- internals

  private @Nullable JsonToken advance() {
    try {
      return parser.nextToken();
    } catch (IOException e) {
      throw translate(e);
    }
  }

  private String currentName() {
    try {
      return parser.currentName();
    } catch (IOException e) {
      throw translate(e);
    }
  }

  private void expect(JsonToken token, String expected) {
    if (parser.currentToken() != token) {
      throw mismatch(expected);
    }
  }

  private void integerToken(String expected) {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NUMBER_FLOAT) {
      throw error("expected " + expected + ", got a decimal number");
    }
    if (token != JsonToken.VALUE_NUMBER_INT) {
      throw mismatch(expected);
    }
  }

  private ConfException mismatch(String expected) {
    return error("expected " + expected + ", got " + describe(parser.currentToken()));
  }

  private static String describe(@Nullable JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_OBJECT, END_OBJECT, FIELD_NAME -> "object";
      case START_ARRAY, END_ARRAY -> "array";
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT -> "integer";
      case VALUE_NUMBER_FLOAT -> "decimal number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      case VALUE_NULL -> "null";
      default -> token.name().toLowerCase(Locale.ROOT);
    };
  }

  private static String describe(Enum<?>[] constants) {
    StringBuilder out = new StringBuilder("one of ");
    for (int i = 0; i < constants.length; i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append('"').append(constants[i].name().toLowerCase(Locale.ROOT)).append('"');
    }
    return out.toString();
  }

  private ConfException translate(IOException e) {
    if (e instanceof StreamConstraintsException) {
      // Jackson's message names the limit (depth, number length), never the conf's content.
      return new ConfException(path() + ": conf too large or too deep: " + limitOf(e), e);
    }
    if (e instanceof JsonParseException parse) {
      JsonLocation at = parse.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      // Jackson's own message may quote the offending text, which could be a secret.
      return new ConfException(path() + ": malformed JSON" + where, e);
    }
    return new ConfException(path() + ": cannot read the conf: " + e.getClass().getSimpleName(), e);
  }

  private static String limitOf(IOException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("nesting depth")) {
      return "nesting deeper than " + MAX_DEPTH + " levels";
    }
    if (message.contains("Number value length") || message.contains("number")) {
      return "a number longer than 64 digits";
    }
    if (message.contains("String value length")) {
      return "a string over the length limit";
    }
    return "over a parser limit";
  }
}
