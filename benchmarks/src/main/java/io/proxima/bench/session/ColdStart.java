package io.proxima.bench.session;

import io.proxima.mqtt.MqttGateway;
import io.proxima.mqtt.MqttTransport;
import io.proxima.transport.memory.InMemoryHub;
import io.proxima.transport.memory.InMemoryTransport;
import java.util.concurrent.TimeUnit;

/** What the cold-start benchmark runs, kept apart so that nothing is loaded before the shot. */
final class ColdStart {

  private ColdStart() {}

  static Object inMemorySession() throws Exception {
    InMemoryTransport transport = InMemoryTransport.create(InMemoryHub.create());
    return Draft00Exchange.run(transport, transport)
        .toFuture()
        .get(SessionBenchmark.SESSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * The first session over MQTT: connects a verifier gateway to the broker at {@code brokerUrl}
   * (creating the library's Vert.x instance on the way), then runs a full session whose wallet
   * connects on its own connection, as a phone does. Returns the gateway, still open, so that the
   * caller closes it outside the measurement.
   */
  static MqttGateway mqttSession(String brokerUrl) throws Exception {
    MqttTransport transport = MqttTransport.create().broker(brokerUrl);
    MqttGateway gateway = transport.connect().toFuture().get(SessionBenchmark.SESSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    try {
      Draft00Exchange.run(gateway, transport)
          .toFuture()
          .get(SessionBenchmark.SESSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return gateway;
    } catch (Exception | Error e) {
      gateway.dispose();
      throw e;
    }
  }

  static Object cryptoFloor() {
    return CryptoFloor.twoSided();
  }
}
