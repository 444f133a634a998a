package io.proxima.bench.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.proxima.bench.fixture.Broker;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The 3-leg baseline on the HiveMQ client's async API, MQTT 3.1.1 like the Vert.x client.
 * Callbacks run on HiveMQ's Netty event loops (its default).
 */
final class HiveMqPingPong extends PingPong {

  private final Mqtt3AsyncClient wallet;
  private final Mqtt3AsyncClient verifier;

  private HiveMqPingPong(SessionTopics topics, Mqtt3AsyncClient wallet, Mqtt3AsyncClient verifier) {
    super(topics);
    this.wallet = wallet;
    this.verifier = verifier;
  }

  static HiveMqPingPong open(Broker broker) {
    SessionTopics topics = SessionTopics.of(UUID.randomUUID());
    HiveMqPingPong p = new HiveMqPingPong(topics, client(broker, clientId("hw")), client(broker, clientId("hv")));
    try {
      await(p.verifier.connectWith().cleanSession(true).keepAlive(60).send());
      await(p.wallet.connectWith().cleanSession(true).keepAlive(60).send());
      await(p.verifier.subscribeWith()
          .addSubscription().topicFilter(topics.identify()).qos(MqttQos.AT_MOST_ONCE).applySubscription()
          .addSubscription().topicFilter(topics.accept()).qos(MqttQos.AT_MOST_ONCE).applySubscription()
          .addSubscription().topicFilter(topics.reject()).qos(MqttQos.AT_MOST_ONCE).applySubscription()
          .callback(p::onVerifierMessage)
          .send());
      await(p.wallet.subscribeWith()
          .topicFilter(topics.definition())
          .qos(MqttQos.AT_MOST_ONCE)
          .callback(p::onWalletMessage)
          .send());
      return p;
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
  }

  private static Mqtt3AsyncClient client(Broker broker, String id) {
    return MqttClient.builder()
        .useMqttVersion3()
        .identifier(id)
        .serverHost(broker.host())
        .serverPort(broker.port())
        .buildAsync();
  }

  @Override
  protected void publishIdentify() {
    publish(wallet, topics.identify(), identify);
  }

  private void onVerifierMessage(Mqtt3Publish m) {
    String topic = m.getTopic().toString();
    if (topic.equals(topics.identify())) {
      verifierGotIdentify(m.getPayloadAsBytes().length, () -> publish(verifier, topics.definition(), request));
    } else if (topic.equals(topics.accept())) {
      verifierGotSubmission(m.getPayloadAsBytes().length);
    }
  }

  private void onWalletMessage(Mqtt3Publish m) {
    walletGotRequest(m.getPayloadAsBytes().length, () -> publish(wallet, topics.accept(), submission));
  }

  private void publish(Mqtt3AsyncClient client, String topic, byte[] payload) {
    client.publishWith().topic(topic).qos(MqttQos.AT_MOST_ONCE).payload(payload).send()
        .whenComplete((ok, e) -> {
          if (e != null) {
            failed(e);
          }
        });
  }

  @Override
  public void close() {
    for (Mqtt3AsyncClient c : new Mqtt3AsyncClient[] {wallet, verifier}) {
      if (c.getState().isConnectedOrReconnect()) {
        await(c.disconnect());
      }
    }
  }

  private static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("HiveMQ setup step failed: " + e, e);
    }
  }
}
