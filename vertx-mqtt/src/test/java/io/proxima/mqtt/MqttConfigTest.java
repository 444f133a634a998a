package io.proxima.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Defaults, validation and immutability of the configuration. */
class MqttConfigTest {

  @Test
  void defaultsArePeerCompatibleAndLargeEnoughForPresentations() {
    MqttConfig c = MqttConfig.defaults();
    assertThat(c.qos()).isEqualTo(MqttQos.AT_MOST_ONCE);
    assertThat(c.keepAlive()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.maxMessageSize()).isGreaterThanOrEqualTo(1 << 20).isGreaterThan(8092);
    assertThat(c.inFlightWindow()).isEqualTo(10);
    assertThat(c.subscriptionStrategy()).isEqualTo(SubscriptionStrategy.PER_SESSION);
    assertThat(c.tls().hostnameVerification()).isTrue();
    assertThat(c.releaseDuringConsent()).isFalse();
  }

  @Test
  void settersReturnNewInstancesAndLeaveTheOriginalAlone() {
    MqttTransport base = MqttTransport.create();
    MqttTransport tuned = base.broker("mqtts://broker.example:8883").advertisedBroker("mqtts://public.example:443").qos(MqttQos.AT_LEAST_ONCE);
    assertThat(base.config().brokerUrl()).isNull();
    assertThat(tuned.config().brokerUrl()).hasToString("mqtts://broker.example:8883");
    assertThat(tuned.config().effectiveAdvertisedBrokerUrl()).hasToString("mqtts://public.example:443");
    assertThat(base.broker("mqtt://127.0.0.1:1883").config().effectiveAdvertisedBrokerUrl()).hasToString("mqtt://127.0.0.1:1883");
  }

  @Test
  void invalidValuesAreRefusedWithTheirName() {
    MqttTransport t = MqttTransport.create();
    assertThatThrownBy(() -> t.maxMessageSize(0)).hasMessageContaining("maxMessageSize");
    assertThatThrownBy(() -> t.inFlightWindow(0)).hasMessageContaining("inFlightWindow");
    assertThatThrownBy(() -> t.keepAlive(Duration.ZERO)).hasMessageContaining("keepAlive");
    assertThatThrownBy(() -> t.ackTimeout(Duration.ofSeconds(-1))).hasMessageContaining("ackTimeout");
    assertThatThrownBy(() -> t.advertisedBroker("tcp://x:1")).hasMessageContaining("advertisedBrokerUrl");
    assertThatThrownBy(() -> MqttTls.defaults().clientCertificate(Path.of("c.pem"), null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new MqttTls(null, Path.of("c.pem"), null, true)).hasMessageContaining("key file");
  }
}
