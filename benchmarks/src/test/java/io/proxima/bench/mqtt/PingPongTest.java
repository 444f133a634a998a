package io.proxima.bench.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.bench.fixture.Broker;
import io.proxima.bench.fixture.Payloads;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The raw 3-leg exchange works with every client through both brokers (what the benchmark times). */
class PingPongTest {

  static Broker mosquitto;
  static Broker moquette;

  @BeforeAll
  static void startBrokers() {
    mosquitto = Broker.Kind.MOSQUITTO.start();
    moquette = Broker.Kind.MOQUETTE.start();
  }

  @AfterAll
  static void stopBrokers() {
    if (mosquitto != null) {
      mosquitto.close();
    }
    if (moquette != null) {
      moquette.close();
    }
  }

  @ParameterizedTest
  @EnumSource(PingPong.Client.class)
  void threeLegsThroughMosquitto(PingPong.Client client) throws Exception {
    exchangeRepeatedly(client, mosquitto);
  }

  @ParameterizedTest
  @EnumSource(PingPong.Client.class)
  void threeLegsThroughMoquette(PingPong.Client client) throws Exception {
    exchangeRepeatedly(client, moquette);
  }

  private static void exchangeRepeatedly(PingPong.Client client, Broker broker) throws Exception {
    try (PingPong p = client.open(broker)) {
      for (int i = 0; i < 20; i++) {
        assertThat(p.exchange().get(10, TimeUnit.SECONDS)).isEqualTo(Payloads.SUBMISSION_WIRE_SIZE);
      }
    }
  }
}
