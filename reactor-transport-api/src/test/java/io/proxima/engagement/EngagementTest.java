package io.proxima.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxima.error.InvalidEngagementException;
import io.proxima.testing.Hex;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PROTOCOL.md §1. */
class EngagementTest {

  static final String KEY = "07a37cbc142093c8b755dc1b10e86cb426374ad16aa853ed0bdfc0b2b86d1c7c";
  static final String TOPIC = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
  static final String BOTH =
      "openid4vp://connect?key=" + KEY
          + "&brokerUrl=mqtts%3A%2F%2Fbroker.example%3A8883"
          + "&topicId=" + TOPIC
          + "&name=AbCd1234";

  @Test
  void parsesAnEngagementOfferingBothTransports() {
    Engagement e = Engagement.parse(BOTH);
    assertThat(Hex.hex(e.verifierPublicKey())).isEqualTo(KEY);
    assertThat(e.mqtt()).contains(new MqttEndpoint(URI.create("mqtts://broker.example:8883"), UUID.fromString(TOPIC)));
    assertThat(e.ble()).contains(new BleEndpoint("AbCd1234"));
    assertThat(e.offers(TransportType.MQTT)).isTrue();
    assertThat(e.offers(TransportType.BLE)).isTrue();
    assertThat(e.sessionId().toString()).isEqualTo(TOPIC);
    assertThat(e.toUri()).isEqualTo(BOTH);
  }

  @Test
  void parameterOrderDoesNotMatterAndUnknownParametersAreKept() {
    String uri = "openid4vp://connect?name=AbCd1234&x-profile=v2+strong&key=" + KEY + "&flag";
    Engagement e = Engagement.parse(uri);
    assertThat(e.ble()).contains(new BleEndpoint("AbCd1234"));
    assertThat(e.mqtt()).isEmpty();
    assertThat(e.extraParameters()).containsExactly(
        java.util.Map.entry("x-profile", "v2 strong"), java.util.Map.entry("flag", ""));
    assertThat(e.toUri()).isEqualTo("openid4vp://connect?key=" + KEY + "&name=AbCd1234&x-profile=v2+strong&flag=");
    assertThat(Engagement.parse(e.toUri())).isEqualTo(e);
  }

  @Test
  void keyAndTopicIdAreAcceptedInAnyCaseAndWrittenInLowercase() {
    String uri = "OpenID4VP://connect?key=" + KEY.toUpperCase()
        + "&brokerUrl=mqtt%3A%2F%2F127.0.0.1%3A1883&topicId=" + TOPIC.toUpperCase();
    Engagement e = Engagement.parse(uri);
    assertThat(e.mqtt().orElseThrow().topicIdString()).isEqualTo(TOPIC);
    assertThat(e.toUri()).contains("key=" + KEY).contains("topicId=" + TOPIC);
  }

  @Test
  void legacyProofIdIsAcceptedForTopicId() {
    Engagement e = Engagement.parse("openid4vp://connect?key=" + KEY + "&brokerUrl=mqtt%3A%2F%2Fh%3A1&proofId=" + TOPIC);
    assertThat(e.mqtt().orElseThrow().topicId()).isEqualTo(UUID.fromString(TOPIC));
    assertThat(e.toUri()).contains("topicId=" + TOPIC).doesNotContain("proofId");
  }

  @Test
  void schemeIsConfigurable() {
    String custom = BOTH.replace("openid4vp://", "mdoc-openid4vp://");
    Engagement e = Engagement.parse(custom, "mdoc-openid4vp");
    assertThat(e.scheme()).isEqualTo("mdoc-openid4vp");
    assertThat(e.toUri()).isEqualTo(custom);
    assertThatThrownBy(() -> Engagement.parse(custom))
        .isInstanceOf(InvalidEngagementException.class)
        .extracting(x -> ((InvalidEngagementException) x).field())
        .isEqualTo("scheme");
  }

  @Test
  void builderMakesTheSameUri() {
    Engagement built = Engagement.builder()
        .key(Hex.bytes(KEY))
        .mqtt(new MqttEndpoint(URI.create("mqtts://broker.example:8883"), UUID.fromString(TOPIC)))
        .ble(new BleEndpoint("AbCd1234"))
        .build();
    assertThat(built.toUri()).isEqualTo(BOTH);
    assertThat(built).isEqualTo(Engagement.parse(BOTH)).hasSameHashCodeAs(Engagement.parse(BOTH));
    assertThat(built.toBuilder().ble(null).build().offers(TransportType.BLE)).isFalse();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://connect?key=K|scheme",
        "openid4vp://connect|uri",
        "openid4vp://connect?name=AbCd1234|key",
        "openid4vp://connect?key=abc&name=AbCd1234|key",
        "openid4vp://connect?key=K&name=AbCd123|name",
        "openid4vp://connect?key=K&name=AbCd123!|name",
        "openid4vp://connect?key=K|transport",
        "openid4vp://connect?key=K&brokerUrl=mqtt%3A%2F%2Fh%3A1|topicId",
        "openid4vp://connect?key=K&topicId=" + TOPIC + "|brokerUrl",
        "openid4vp://connect?key=K&brokerUrl=mqtt%3A%2F%2Fh&topicId=" + TOPIC + "|brokerUrl",
        "openid4vp://connect?key=K&brokerUrl=h%3A1883&topicId=" + TOPIC + "|brokerUrl",
        "openid4vp://connect?key=K&brokerUrl=mqtt%3A%2F%2F%3A1883&topicId=" + TOPIC + "|brokerUrl",
        "openid4vp://connect?key=K&brokerUrl=mqtt%3A%2F%2Fh%3A1&topicId=not-a-uuid|topicId",
        "openid4vp://connect?key=K&brokerUrl=mqtt%3A%2F%2Fh%3A1&topicId=" + TOPIC + "&proofId=00000000-0000-4000-8000-000000000000|topicId",
        "openid4vp://connect?key=K&name=AbCd1234&name=AbCd1234|name",
        "openid4vp://connect?key=K&name=AbCd1234&x=%zz|x",
        "openid4vp://connect?key=K&name=AbCd1234&x=%C3|x",
        "openid4vp://connect?key=K&name=AbCd1234&x=%4|x",
      })
  void invalidInputNamesTheField(String uri, String field) {
    String input = uri.replace("key=K", "key=" + KEY);
    assertThatThrownBy(() -> Engagement.parse(input))
        .isInstanceOf(InvalidEngagementException.class)
        .extracting(x -> ((InvalidEngagementException) x).field())
        .isEqualTo(field);
  }

  @Test
  void overlongUriIsRejected() {
    String uri = "openid4vp://connect?key=" + KEY + "&name=AbCd1234&pad=" + "a".repeat(Engagement.MAX_URI_LENGTH);
    assertThatThrownBy(() -> Engagement.parse(uri))
        .isInstanceOf(InvalidEngagementException.class)
        .extracting(x -> ((InvalidEngagementException) x).field())
        .isEqualTo("uri");
  }

  @Test
  void bleOnlyEngagementHasAStableSessionIdOnBothSides() {
    Engagement e = Engagement.parse("openid4vp://connect?key=" + KEY + "&name=AbCd1234");
    assertThat(Engagement.parse(e.toUri()).sessionId()).isEqualTo(e.sessionId());
  }

  @Test
  void randomBleNamesAreValid() {
    for (int i = 0; i < 200; i++) {
      assertThat(BleEndpoint.random().name()).matches("[A-Za-z0-9]{8}");
    }
  }
}
