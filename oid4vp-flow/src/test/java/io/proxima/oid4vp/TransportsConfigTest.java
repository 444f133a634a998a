package io.proxima.oid4vp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxima.engagement.TransportType;
import io.proxima.error.MalformedInputException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransportsConfigTest {

  static final String PEER_FORMAT = """
      {
        "MQTT": {"type": "MQTT", "enabled": true, "order": 2, "params": {"brokerUrl": "mqtts://broker.example:8883"}},
        "BLE":  {"type": "BLE", "order": 1},
        "HTTP_OFF": {"type": "MQTT", "enabled": false, "order": 9}
      }""";

  @Test
  void readsThePeerFormatAndPrefersTheLowestOrder() {
    TransportsConfig config = TransportsConfig.parse(PEER_FORMAT);
    Set<TransportType> all = EnumSet.allOf(TransportType.class);
    assertThat(config.preference(all)).containsExactly(TransportType.BLE, TransportType.MQTT);
    assertThat(config.defaultTransport(all)).contains(TransportType.BLE);
    assertThat(config.defaultTransport(Set.of(TransportType.MQTT))).contains(TransportType.MQTT);
    assertThat(config.settings(TransportType.MQTT).orElseThrow().params().get("brokerUrl").asText()).isEqualTo("mqtts://broker.example:8883");
    assertThat(config.settings(TransportType.BLE).orElseThrow().enabled()).isTrue();
  }

  @Test
  void disabledOrUnavailableTransportsAreNotUsed() {
    TransportsConfig config = TransportsConfig.parse("{\"MQTT\": {\"type\": \"MQTT\", \"enabled\": false, \"order\": 1}, \"BLE\": {\"type\": \"BLE\", \"order\": 2}}");
    assertThat(config.preference(EnumSet.allOf(TransportType.class))).containsExactly(TransportType.BLE);
    assertThat(config.preference(Set.of(TransportType.MQTT))).isEmpty();
    assertThat(config.defaultTransport(Set.of(TransportType.MQTT))).isEmpty();
  }

  @Test
  void roundTripsThroughJson() {
    TransportsConfig config = TransportsConfig.parse(PEER_FORMAT);
    assertThat(TransportsConfig.parse(config.toJsonString())).isEqualTo(config);
    assertThat(TransportsConfig.ordered(TransportType.MQTT, TransportType.BLE).preference(List.of(TransportType.BLE, TransportType.MQTT)))
        .containsExactly(TransportType.MQTT, TransportType.BLE);
  }

  @Test
  void invalidConfigurationNamesTheField() {
    assertThatThrownBy(() -> TransportsConfig.parse("{\"X\": {\"type\": \"CARRIER_PIGEON\"}}"))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("transports");
    assertThatThrownBy(() -> TransportsConfig.parse("{\"X\": {\"order\": 1}}"))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("transports");
    assertThatThrownBy(() -> TransportsConfig.parse("[]")).isInstanceOf(MalformedInputException.class);
  }
}
