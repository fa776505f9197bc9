package hostile;

import dev.a6.annotation.RunnerGenerated;
import dev.a6.spi.ConfReader;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Generated;

/**
 * Reads {@link Names.Conf} from the JSON conf of a plugin.
 */
@Generated("dev.a6.processor.FilterProcessor")
@RunnerGenerated
final class Names_Conf_Parser {
  private static final List<String> KEYS = List.of("element", "kinds", "parser", "reader", "name", "value", "map", "conf", "prepared", "request", "response", "context", "parsed", "state", "instance", "result", "json", "path");

  private Names_Conf_Parser() {
  }

  /**
   * Parses a whole conf value.
   */
  static Names.Conf parse(String json) {
    try (ConfReader in = ConfReader.of(json)) {
      Names.Conf conf = read(in);
      in.end();
      return conf;
    }
  }

  /**
   * Reads the object at the reader's current token.
   */
  static Names.Conf read(ConfReader in) {
    List<Names.Kind> element = List.of();
    List<Names.Kind> kinds = List.of();
    String parser = null;
    String reader = null;
    String name = null;
    String value = null;
    Map<String, Names.Kind> map = Map.of();
    int conf = 0;
    String prepared = null;
    String request = null;
    String response = null;
    String context = null;
    String parsed = null;
    String state = null;
    String instance = null;
    String result = null;
    String json = null;
    String path = null;
    in.beginObject();
    for (String key; (key = in.nextKey()) != null; ) {
      switch (key) {
        case "element" -> {
          if (!in.isNull()) {
            element = in.readList(element2 -> element2.readEnum(Names.Kind.values()));
          }
        }
        case "kinds" -> {
          if (!in.isNull()) {
            kinds = in.readList(element2 -> element2.readEnum(Names.Kind.values()));
          }
        }
        case "parser" -> {
          if (!in.isNull()) {
            parser = in.readString();
          }
        }
        case "reader" -> {
          if (!in.isNull()) {
            reader = in.readString();
          }
        }
        case "name" -> {
          if (!in.isNull()) {
            name = in.readString();
          }
        }
        case "value" -> {
          if (!in.isNull()) {
            value = in.readString();
          }
        }
        case "map" -> {
          if (!in.isNull()) {
            map = in.readMap(element2 -> element2.readEnum(Names.Kind.values()));
          }
        }
        case "conf" -> {
          if (!in.isNull()) {
            conf = in.readInt();
          }
        }
        case "prepared" -> {
          if (!in.isNull()) {
            prepared = in.readString();
          }
        }
        case "request" -> {
          if (!in.isNull()) {
            request = in.readString();
          }
        }
        case "response" -> {
          if (!in.isNull()) {
            response = in.readString();
          }
        }
        case "context" -> {
          if (!in.isNull()) {
            context = in.readString();
          }
        }
        case "parsed" -> {
          if (!in.isNull()) {
            parsed = in.readString();
          }
        }
        case "state" -> {
          if (!in.isNull()) {
            state = in.readString();
          }
        }
        case "instance" -> {
          if (!in.isNull()) {
            instance = in.readString();
          }
        }
        case "result" -> {
          if (!in.isNull()) {
            result = in.readString();
          }
        }
        case "json" -> {
          if (!in.isNull()) {
            json = in.readString();
          }
        }
        case "path" -> {
          if (!in.isNull()) {
            path = in.readString();
          }
        }
        default -> in.unknownKey(KEYS);
      }
    }
    try {
      return new Names.Conf(element, kinds, parser, reader, name, value, map, conf, prepared, request, response, context, parsed, state, instance, result, json, path);
    } catch (RuntimeException e) {
      // The record refused the values; its message says why.
      throw in.invalid(e);
    }
  }
}
