package dev.a6.internal.transport;

import static dev.a6.spi.FilterBinding.DONE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.a6.internal.apisix.ApisixCodec;
import dev.a6.internal.apisix.Harness.Call;
import dev.a6.internal.apisix.Harness;
import dev.a6.internal.apisix.TestBindings;
import dev.a6.internal.wire.FlatReader;
import dev.a6.internal.wire.Wire;
import dev.a6.internal.wire.err.Code;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Framing and the byte vectors of the protocol (section 2.9), on an EmbeddedChannel. */
class FramingTest {
  private static final HexFormat HEX = HexFormat.ofDelimiter(" ");
  /** The smallest FlatBuffer, an empty table, as every FlatBuffers builder writes it. */
  private static final String EMPTY_TABLE = "08 00 00 00 04 00 04 00 04 00 00 00";

  @Test
  void errBadRequestIsTypeZeroWithAnEmptyTable() {
    try (Harness harness = new Harness()) {
      harness.writeRaw(0x7e, 0, 0, 1, 0);
      assertThat(HEX.formatHex(harness.readRawBytes())).isEqualTo("00 00 00 0c " + EMPTY_TABLE);
    }
  }

  @Test
  void emptyChainAnswersNoneWithTheEmptyTable() {
    try (Harness harness = new Harness()) {
      harness.write(Wire.PREPARE_CONF, ApisixCodec.prepareConf("route#1", null));
      long token = ApisixCodec.confToken(harness.expect(Wire.PREPARE_CONF).payload());
      harness.send(Call.of(token).id(0));
      assertThat(HEX.formatHex(harness.readRawBytes())).isEqualTo("02 00 00 0c " + EMPTY_TABLE);
    }
  }

  @Test
  void lengthIsThreeBytesBigEndian() {
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "big",
                (conf, request, response, context) -> {
                  response.stop(200, new byte[70_000]);
                  return DONE;
                }))) {
      long token = harness.prepare(null, "big", "");
      harness.send(Call.of(token));
      byte[] frame = harness.readRawBytes();
      int length = (frame[1] & 0xFF) << 16 | (frame[2] & 0xFF) << 8 | frame[3] & 0xFF;
      assertThat(frame[0]).isEqualTo((byte) Wire.HTTP_REQ_CALL);
      assertThat(length).isEqualTo(frame.length - 4).isGreaterThan(65_535);
    }
  }

  @Test
  void upstreamDecoderGarbageGetsBadRequest() {
    // PayloadDecoderTest of the Java runner: these inputs must not be taken for valid calls.
    try (Harness harness = new Harness()) {
      harness.writeRaw();
      harness.expectNothing();
      harness.writeRaw(1, 0, 0, 0);
      assertThat(harness.expectError()).isEqualTo(Code.BAD_REQUEST);
      harness.writeRaw(1, 0, 0, 1, 0);
      assertThat(harness.expectError()).isEqualTo(Code.BAD_REQUEST);
      // Length 3 with one byte of data: the frame is incomplete, so nothing happens yet.
      harness.writeRaw(1, 0, 0, 3, 0);
      harness.expectNothing();
      assertThat(harness.channel.isActive()).isTrue();
    }
  }

  @Test
  void aTypeWithoutBodyWaitsForTheRest() {
    try (Harness harness = new Harness()) {
      harness.writeRaw(4);
      harness.expectNothing();
      harness.writeRaw(0, 0, 0);
      assertThat(harness.expectError()).isEqualTo(Code.BAD_REQUEST);
    }
  }

  @Test
  void goRunnerGarbageInputsLeaveTheConnectionServing() {
    try (Harness harness = new Harness()) {
      harness.writeRaw('a');
      harness.expectNothing();
      try (Harness second = new Harness()) {
        ByteBuf thirtyTwo = Unpooled.buffer();
        thirtyTwo.writeBytes(new byte[] {1, 0, 0, 0x20});
        for (int i = 1; i <= 32; i++) {
          thirtyTwo.writeByte(i);
        }
        second.channel.writeInbound(thirtyTwo);
        assertThat(second.expectError()).isEqualTo(Code.BAD_REQUEST);
        // Still serving: a valid PrepareConf after the garbage works.
        assertThat(second.prepare("route#2")).isPositive();
      }
    }
  }

  @Test
  void maximumPayloadIsAccepted() {
    try (Harness harness = new Harness()) {
      ByteBuf frame = Unpooled.buffer(4 + Wire.MAX_PAYLOAD);
      frame.writeByte(Wire.PREPARE_CONF).writeMedium(Wire.MAX_PAYLOAD);
      frame.writeZero(Wire.MAX_PAYLOAD);
      harness.channel.writeInbound(frame);
      // 16 MiB of zeros is no FlatBuffer, but it was framed and read as one message.
      assertThat(harness.expectError()).isEqualTo(Code.BAD_REQUEST);
      assertThat(harness.prepare("after")).isPositive();
    }
  }

  @Test
  void aReplyOverTheLimitBecomesAnErr() {
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "huge",
                (conf, request, response, context) -> {
                  response.stop(200, new byte[Wire.MAX_PAYLOAD + 1]);
                  return DONE;
                }))) {
      long token = harness.prepare(null, "huge", "");
      harness.send(Call.of(token));
      assertThat(harness.expectError()).isEqualTo(Code.SERVICE_UNAVAILABLE);
      harness.expectNothing();
    }
  }

  @Test
  void readerAgreesWithAnIndependentEncoding() {
    // Built by flatbuffers-java 2.0.0 with the A6 0.6.0 jar (protocol section 2.9.4).
    FlatReader reader = new FlatReader();
    byte[] stop =
        HEX.parseHex(
            "10 00 00 00 00 00 0a 00 12 00 0c 00 0b 00 04 00 0a 00 00 00 18 00 00 00 00 00 00 01"
                + " 07 00 00 00 00 00 0a 00 0c 00 0a 00 00 00 04 00 0a 00 00 00 08 00 00 00 00 00"
                + " 93 01 02 00 00 00 6e 6f 00 00");
    reader.reset(stop, stop.length, "HTTPReqCall.Resp");
    int root = reader.root();
    assertThat(reader.u32Field(root, 0, "id")).isEqualTo(7);
    assertThat(reader.u8Field(root, 1, "action_type")).isEqualTo(1);
    int action = reader.tableField(root, 2, "action");
    assertThat(reader.u16Field(action, 0, "status")).isEqualTo(403);
    int body = reader.vector(action, 2, 1, "body");
    assertThat(reader.string(body)).isEqualTo("no");

    byte[] error = HEX.parseHex("0c 00 00 00 00 00 06 00 08 00 07 00 06 00 00 00 00 00 00 02");
    reader.reset(error, error.length, "Err.Resp");
    assertThat(reader.u8Field(reader.root(), 0, "code")).isEqualTo(2);

    byte[] prepared = HEX.parseHex("0c 00 00 00 00 00 06 00 08 00 04 00 06 00 00 00 01 00 00 00");
    reader.reset(prepared, prepared.length, "PrepareConf.Resp");
    assertThat(reader.u32Field(reader.root(), 0, "conf_token")).isEqualTo(1);
  }

  @Test
  void stopIsReadBackByTheGeneratedClasses() {
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "deny",
                (conf, request, response, context) -> {
                  response.stop(403, "no");
                  return DONE;
                }))) {
      long token = harness.prepare(null, "deny", "");
      ByteBuffer payload = null;
      harness.send(Call.of(token).id(7));
      payload = harness.expect(Wire.HTTP_REQ_CALL).payload();
      var reply = ApisixCodec.requestReply(payload);
      assertThat(reply.id()).isEqualTo(7);
      assertThat(reply.stop().status()).isEqualTo(403);
      assertThat(new String(reply.stop().body())).isEqualTo("no");
      assertThat(reply.stop().headers()).isEqualTo(List.of());
    }
  }
}
