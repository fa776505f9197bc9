package dev.a6.internal.launch;

import static dev.a6.spi.FilterBinding.DONE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.a6.internal.apisix.TestBindings;
import dev.a6.internal.launch.RunnerConfig.ParentMode;
import dev.a6.internal.launch.RunnerConfig.Transport;
import dev.a6.internal.transport.Server;
import dev.a6.spi.FetchPlan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code call} against a live runner on a Unix socket. */
class DebugCallTest {
  @TempDir Path dir;
  private Server server;
  private Path socket;

  @BeforeEach
  void startRunner() {
    socket = dir.resolve("runner.sock");
    RunnerConfig config =
        new RunnerConfig(
            socket, 0766, 3600, Transport.AUTO, 1, 4, 1024, 100_000, 64L << 20, ParentMode.NEVER,
            null, null, RunnerConfig.RpcLogging.OFF, null);
    server =
        Server.start(
            config,
            TestBindings.registry(
                TestBindings.request(
                    "deny",
                    (conf, request, response, context) -> {
                      response.setHeader("Content-Type", "text/plain");
                      response.stop(401, "denied");
                      return DONE;
                    }),
                TestBindings.request(
                    "rewrite",
                    (conf, request, response, context) ->
                        request
                            .fetchVar("remote_addr")
                            .thenCombine(
                                request.fetchBody(),
                                (client, body) -> {
                                  request.setHeader("x-client", client.orElse("?"));
                                  request.removeHeader("x-secret");
                                  request.setArg("page", request.args("page").get(0) + "0");
                                  request.setBody("got:" + new String(body, StandardCharsets.UTF_8));
                                  return null;
                                })),
                TestBindings.response(
                    "upstream",
                    FetchPlan.of(false, true),
                    (conf, response, context) -> {
                      response.setStatus(201);
                      response.setHeader("x-length", Integer.toString(response.body().length));
                      return DONE;
                    })));
  }

  @AfterEach
  void stopRunner() {
    server.stop();
  }

  private String call(int expectedStatus, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    List<String> command = new ArrayList<>(List.of("call"));
    command.addAll(List.of(args));
    int status =
        Launcher.run(
            TestBindings.registry(),
            command.toArray(String[]::new),
            Map.of("APISIX_LISTEN_ADDRESS", "unix:" + socket)::get,
            print,
            print);
    String output = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as(output).isEqualTo(expectedStatus);
    return output;
  }

  @Test
  void aStopIsPrintedWithItsStatusHeadersAndBody() {
    assertThat(call(0, "--plugin", "deny={}"))
        .startsWith("PrepareConf route#debug#ext-plugin-pre-req#1 → token ")
        .contains("HTTPReqCall id 1 → stop 401\n")
        .contains("  header content-type: text/plain\n")
        .contains("  body (6 bytes) \"denied\"\n");
  }

  @Test
  void extraInfoIsAnsweredFromTheGivenValuesAndTheRewriteListed() throws Exception {
    Path body = Files.writeString(dir.resolve("body.txt"), "hello");
    String output =
        call(
            0,
            "--socket", "unix:" + socket,
            "--plugin", "rewrite={}",
            "--method", "POST",
            "--path", "/users",
            "--query", "page=2&flag",
            "--header", "x-secret: s3",
            "--var", "remote_addr=10.1.1.1",
            "--body", "@" + body);
    assertThat(output)
        .contains("ExtraInfo var remote_addr → \"10.1.1.1\"\n")
        .contains("ExtraInfo request body → \"hello\"\n")
        .contains("HTTPReqCall id 1 → rewrite\n")
        .contains("  set header x-client: 10.1.1.1\n")
        .contains("  remove header x-secret\n")
        .contains("  set arg page=20\n")
        .contains("  body (9 bytes) \"got:hello\"\n");
  }

  @Test
  void theResponsePhaseAsJson() {
    assertThat(
            call(
                0,
                "--phase", "response",
                "--plugin", "upstream={}",
                "--upstream-header", "Content-Type: text/plain",
                "--upstream-body", "abc",
                "--json"))
        .contains("\"key\" : \"route#debug#ext-plugin-post-resp#1\"")
        .contains("\"asked\" : \"upstream body\"")
        .contains("\"type\" : \"HTTPRespCall\"")
        .contains("\"status\" : 201")
        .contains("[ \"x-length\", \"3\" ]");
  }

  @Test
  void anErrIsExitStatusOne() {
    assertThat(call(1, "--plugin", "no-such-plugin={}"))
        .isEqualTo(
            "PrepareConf route#debug#ext-plugin-pre-req#1 → Err BAD_REQUEST (the runner's log"
                + " says why)\n");
  }

  @Test
  void badOptionsAndAMissingRunnerAreExitStatusTwo() {
    assertThat(call(2, "--plugin", "deny")).contains("--plugin is <name>=<json conf>");
    assertThat(call(2, "--method", "BREW", "--plugin", "deny={}"))
        .contains("APISIX can send only these methods");
    assertThat(call(2, "--socket", dir.resolve("nothing.sock").toString(), "--plugin", "deny={}"))
        .contains("a6 call: cannot talk to a runner at ")
        .contains("is it running?");
    assertThat(call(0, "--help")).startsWith("Usage: java -jar <runner>.jar call");
  }

  @Test
  void aBadListenAddressMattersOnlyWithoutSocket() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    Map<String, String> env = Map.of("APISIX_LISTEN_ADDRESS", "tcp://nowhere");
    String[] withoutSocket = {"call", "--plugin", "deny={}"};
    assertThat(Launcher.run(TestBindings.registry(), withoutSocket, env::get, print, print))
        .isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("must look like unix:");
    String[] withSocket = {"call", "--socket", socket.toString(), "--plugin", "deny={}"};
    assertThat(Launcher.run(TestBindings.registry(), withSocket, env::get, print, print))
        .isZero();
  }
}
