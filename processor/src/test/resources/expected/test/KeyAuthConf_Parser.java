package test;

import dev.a6.annotation.RunnerGenerated;
import dev.a6.spi.ConfReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.annotation.processing.Generated;

/**
 * Reads {@link KeyAuthConf} from the JSON conf of a plugin.
 */
@Generated("dev.a6.processor.FilterProcessor")
@RunnerGenerated
public final class KeyAuthConf_Parser {
  private static final List<String> KEYS = List.of("header", "keys", "realm", "quotas", "on-failure", "skip_paths");

  private KeyAuthConf_Parser() {
  }

  /**
   * Parses a whole conf value.
   */
  public static KeyAuthConf parse(String json) {
    try (ConfReader in = ConfReader.of(json)) {
      KeyAuthConf conf = read(in);
      in.end();
      return conf;
    }
  }

  /**
   * Reads the object at the reader's current token.
   */
  public static KeyAuthConf read(ConfReader in) {
    String header = "x-api-key";
    List<String> keys = List.of();
    boolean seenKeys = false;
    Optional<KeyAuthConf.Realm> realm = Optional.empty();
    Map<String, List<Integer>> quotas = Map.of();
    KeyAuthConf.Mode onFailure = null;
    List<String> skipPaths = List.of();
    boolean seenSkipPaths = false;
    in.beginObject();
    for (String key; (key = in.nextKey()) != null; ) {
      switch (key) {
        case "header" -> {
          if (!in.isNull()) {
            header = in.readString();
          }
        }
        case "keys" -> {
          keys = in.readList(ConfReader::readString);
          seenKeys = true;
        }
        case "realm" -> {
          if (!in.isNull()) {
            realm = in.readOptional(KeyAuthConf_Realm_Parser::read);
          }
        }
        case "quotas" -> {
          if (!in.isNull()) {
            quotas = in.readMap(element -> element.readList(ConfReader::readInt));
          }
        }
        case "on-failure" -> {
          if (!in.isNull()) {
            onFailure = in.readEnum(KeyAuthConf.Mode.values());
          }
        }
        case "skip_paths" -> {
          if (!in.isNull()) {
            skipPaths = in.readList(ConfReader::readString);
            seenSkipPaths = true;
          }
        }
        default -> in.unknownKey(KEYS);
      }
    }
    if (!seenKeys) {
      throw in.missing("keys");
    }
    if (!seenSkipPaths) {
      skipPaths = ConfReader.parseDefault("[\"/health\"]", element -> element.readList(ConfReader::readString));
    }
    try {
      return new KeyAuthConf(header, keys, realm, quotas, onFailure, skipPaths);
    } catch (RuntimeException e) {
      // The record refused the values; its message says why.
      throw in.invalid(e);
    }
  }
}
