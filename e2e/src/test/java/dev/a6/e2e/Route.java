package dev.a6.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One gateway route and the ext-plugin confs on it, written as APISIX's route JSON. Without an
 * upstream the route goes to the gateway's echo upstream.
 */
final class Route {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The three ext-plugin phases, by their APISIX plugin names. */
  enum Phase {
    PRE_REQ("ext-plugin-pre-req"),
    POST_REQ("ext-plugin-post-req"),
    POST_RESP("ext-plugin-post-resp");

    final String plugin;

    Phase(String plugin) {
      this.plugin = plugin;
    }
  }

  /** One entry of a phase's {@code conf} list: a runner plugin and its conf text. */
  record Conf(String name, String value) {
    /** The conf as JSON text written from a map (or any value Jackson writes). */
    static Conf of(String name, Object conf) {
      try {
        return new Conf(name, JSON.writeValueAsString(conf));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The conf text exactly as given, valid JSON or not. */
    static Conf raw(String name, String value) {
      return new Conf(name, value);
    }
  }

  private final String id;
  private final String uri;
  private final Map<Phase, List<Conf>> phases = new EnumMap<>(Phase.class);
  private final Map<Phase, Boolean> degradable = new EnumMap<>(Phase.class);
  private Integer upstreamPort;

  private Route(String id, String uri) {
    this.id = id;
    this.uri = uri;
  }

  /** A route; a {@code uri} ending in {@code *} matches by prefix. */
  static Route of(String id, String uri) {
    return new Route(id, uri);
  }

  /** Adds the confs to a phase, in order (the order the runner calls them). */
  Route phase(Phase phase, Conf... confs) {
    phases.computeIfAbsent(phase, p -> new ArrayList<>()).addAll(List.of(confs));
    return this;
  }

  Route preReq(Conf... confs) {
    return phase(Phase.PRE_REQ, confs);
  }

  Route postReq(Conf... confs) {
    return phase(Phase.POST_REQ, confs);
  }

  Route postResp(Conf... confs) {
    return phase(Phase.POST_RESP, confs);
  }

  /** Sets {@code allow_degradation} on a phase: a runner failure lets the request pass. */
  Route allowDegradation(Phase phase) {
    degradable.put(phase, true);
    return this;
  }

  /** Sends the route's requests to {@code 127.0.0.1:port} instead of the echo upstream. */
  Route upstream(int port) {
    this.upstreamPort = port;
    return this;
  }

  ObjectNode toJson() {
    ObjectNode route = JSON.createObjectNode().put("id", id).put("uri", uri);
    ObjectNode plugins = route.putObject("plugins");
    phases.forEach(
        (phase, confs) -> {
          ObjectNode plugin = plugins.putObject(phase.plugin);
          ArrayNode list = plugin.putArray("conf");
          confs.forEach(conf -> list.addObject().put("name", conf.name()).put("value", conf.value()));
          if (degradable.getOrDefault(phase, false)) {
            plugin.put("allow_degradation", true);
          }
        });
    if (upstreamPort != null) {
      route.putObject("upstream").putObject("nodes").put("127.0.0.1:" + upstreamPort, 1);
    }
    return route;
  }

  /** The gateway's routes document: {@code {"routes": [...]}}. */
  static String document(List<Route> routes) {
    ObjectNode document = JSON.createObjectNode();
    ArrayNode list = document.putArray("routes");
    routes.forEach(route -> list.add(route.toJson()));
    return document.toString();
  }
}
