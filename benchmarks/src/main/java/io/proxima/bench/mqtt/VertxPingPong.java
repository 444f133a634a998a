package io.proxima.bench.mqtt;

import static io.proxima.bench.fixture.VertxSetup.await;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.proxima.bench.fixture.Broker;
import io.proxima.bench.fixture.VertxSetup;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.util.Map;
import java.util.UUID;

/** The 3-leg baseline on the Vert.x MQTT client (the client the project's transport uses). */
final class VertxPingPong extends PingPong {

  /** Vert.x MQTT's default limit is 8,092 bytes; set it as the transport does, so size is never the limit. */
  static final int MAX_MESSAGE_SIZE = 1 << 20;

  private final Vertx vertx;
  private final MqttClient wallet;
  private final MqttClient verifier;

  private VertxPingPong(SessionTopics topics, Vertx vertx, MqttClient wallet, MqttClient verifier) {
    super(topics);
    this.vertx = vertx;
    this.wallet = wallet;
    this.verifier = verifier;
  }

  static VertxPingPong open(Broker broker) {
    SessionTopics topics = SessionTopics.of(UUID.randomUUID());
    Vertx vertx = Vertx.vertx();
    MqttClient wallet = MqttClient.create(vertx, options(clientId("vw")));
    MqttClient verifier = MqttClient.create(vertx, options(clientId("vv")));
    VertxPingPong p = new VertxPingPong(topics, vertx, wallet, verifier);
    try {
      verifier.publishHandler(p::onVerifierMessage);
      wallet.publishHandler(p::onWalletMessage);
      await(verifier.connect(broker.port(), broker.host()));
      await(wallet.connect(broker.port(), broker.host()));
      await(verifier.subscribe(Map.of(topics.identify(), 0, topics.accept(), 0, topics.reject(), 0)));
      await(wallet.subscribe(topics.definition(), 0));
      return p;
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
  }

  private static MqttClientOptions options(String clientId) {
    return new MqttClientOptions()
        .setClientId(clientId)
        .setCleanSession(true)
        .setKeepAliveInterval(60)
        .setMaxMessageSize(MAX_MESSAGE_SIZE);
  }

  @Override
  protected void publishIdentify() {
    wallet.publish(topics.identify(), Buffer.buffer(identify), MqttQoS.AT_MOST_ONCE, false, false)
        .onFailure(this::failed);
  }

  private void onVerifierMessage(MqttPublishMessage m) {
    if (m.topicName().equals(topics.identify())) {
      verifierGotIdentify(
          m.payload().length(),
          () -> verifier.publish(topics.definition(), Buffer.buffer(request), MqttQoS.AT_MOST_ONCE, false, false)
              .onFailure(this::failed));
    } else if (m.topicName().equals(topics.accept())) {
      verifierGotSubmission(m.payload().length());
    }
  }

  private void onWalletMessage(MqttPublishMessage m) {
    walletGotRequest(
        m.payload().length(),
        () -> wallet.publish(topics.accept(), Buffer.buffer(submission), MqttQoS.AT_MOST_ONCE, false, false)
            .onFailure(this::failed));
  }

  @Override
  public void close() {
    VertxSetup.close(vertx, wallet, verifier);
  }
}
