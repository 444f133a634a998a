package io.proxima.mqtt;

import static io.proxima.mqtt.Draft00Exchange.REQUEST;
import static io.proxima.mqtt.Draft00Exchange.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxima.engagement.Engagement;
import io.proxima.engagement.MqttEndpoint;
import io.proxima.error.TransportException;
import io.proxima.message.FrameKind;
import io.proxima.testing.MosquittoBroker;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A gateway given a list of brokers ({@link MqttTransport#brokers}) moves to the next one when
 * its broker dies, and resubscribes its live sessions there. Two independent mosquittos stand in
 * for two nodes of a cluster: a wallet reaches the gateway only through the broker the gateway is
 * connected to, so a completed session proves the subscriptions moved. (The NATS cluster tests of
 * the gateway cover real clustering.)
 */
class MqttBrokerFailoverTest {

  final MosquittoBroker first = MosquittoBroker.start();
  final MosquittoBroker second = MosquittoBroker.start();
  final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : cleanup) {
      c.close();
    }
    first.close();
    second.close();
  }

  MqttTransport transport() {
    return MqttTransport.create()
        .reconnect(ReconnectPolicy.defaults().withBackoff(Duration.ofMillis(100), Duration.ofMillis(400)))
        .setupTimeout(Duration.ofSeconds(10))
        .sendTimeout(Duration.ofSeconds(10));
  }

  MqttGateway gateway(MqttTransport t) {
    MqttGateway g = t.connect().block(WAIT);
    cleanup.add(() -> g.close().block(WAIT));
    return g;
  }

  static Engagement on(Engagement engagement, String brokerUrl) {
    MqttEndpoint mqtt = engagement.mqtt().orElseThrow();
    return engagement.toBuilder().mqtt(new MqttEndpoint(URI.create(brokerUrl), mqtt.topicId())).build();
  }

  @Test
  void aBrokerListIsValidatedAndASingleBrokerReplacesIt() {
    assertThatThrownBy(() -> MqttTransport.create().brokers(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MqttTransport.create().brokers("mqtt://a:1", "mqtt://a:1")).hasMessageContaining("repeat");
    assertThatThrownBy(() -> MqttTransport.create().brokers("mqtt://a:1", "tcp://b:2")).hasMessageContaining("brokerUrls entry tcp://b:2");
    assertThatThrownBy(() -> MqttTransport.create().brokers("mqtt://a:1", "mqtt://b")).hasMessageContaining("explicit port");

    MqttTransport two = MqttTransport.create().brokers("mqtt://a:1", "mqtts://b:2");
    assertThat(two.config().brokerUrl()).hasToString("mqtt://a:1");
    assertThat(two.config().brokerUrls()).extracting(URI::toString).containsExactly("mqtt://a:1", "mqtts://b:2");
    MqttTransport one = two.broker("mqtt://c:3");
    assertThat(one.config().brokerUrls()).extracting(URI::toString).containsExactly("mqtt://c:3");
  }

  @Test
  void theFirstConnectionTriesTheBrokersInOrder() {
    String nobody = "mqtt://127.0.0.1:" + MosquittoBroker.freePort();
    MqttGateway g = gateway(transport().brokers(nobody, second.url()));
    assertThat(g.brokerUrl()).hasToString(second.url());
    assertThat(g.brokerUrls()).extracting(URI::toString).containsExactly(nobody, second.url());
    assertThat(g.advertisedBrokerUrl()).hasToString(second.url());

    String alsoNobody = "mqtt://127.0.0.1:" + MosquittoBroker.freePort();
    StepVerifier.create(transport().brokers(nobody, alsoNobody).connect())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MqttConnectException.class).hasMessageContaining(alsoNobody.substring(7)))
        .verify(WAIT);
  }

  @Test
  void whenItsBrokerDiesTheGatewayMovesToTheNextAndItsSessionsCompleteThere() {
    MqttGateway verifiers = gateway(transport().brokers(first.url(), second.url()));
    assertThat(verifiers.brokerUrl()).hasToString(first.url());
    List<Draft00Exchange.Verifier> listening = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      listening.add(Draft00Exchange.listen(verifiers).block(WAIT));
    }
    assertThat(listening.get(0).engagement().mqtt().orElseThrow().brokerUrl()).hasToString(first.url());
    long subscriptionsBefore = verifiers.stats().subscriptions();

    first.kill();

    awaitConnectedTo(verifiers, second.url());
    assertThat(verifiers.stats().subscriptions()).isEqualTo(subscriptionsBefore);
    assertThat(verifiers.stats().connects()).isEqualTo(2);
    assertThat(verifiers.advertisedBrokerUrl()).hasToString(second.url());

    // Wallets on the surviving broker reach the sessions that were listening on the dead one.
    MqttGateway wallets = gateway(transport().broker(second.url()));
    for (Draft00Exchange.Verifier v : listening) {
      byte[] submission = Draft00Exchange.submission(v.id().toString());
      var verifierSide = Draft00Exchange.verifierSide(v).toFuture();
      Draft00Exchange.WalletResult w =
          Draft00Exchange.walletSide(wallets, on(v.engagement(), second.url()), FrameKind.SUBMISSION, submission).block(WAIT);
      assertThat(w.request()).isEqualTo(REQUEST);
      Draft00Exchange.VerifierResult r = Mono.fromFuture(verifierSide).block(WAIT);
      assertThat(r.kind()).isEqualTo(FrameKind.SUBMISSION);
      assertThat(r.plaintext()).isEqualTo(submission);
      r.connection().close().block(WAIT);
      w.connection().close().block(WAIT);
    }

    // New sessions advertise the broker the gateway is on now; both brokers are still served.
    Draft00Exchange.Verifier late = Draft00Exchange.listen(verifiers).block(WAIT);
    assertThat(late.engagement().mqtt().orElseThrow().brokerUrl()).hasToString(second.url());
    late.listener().close().block(WAIT);
    StepVerifier.create(verifiers.listen(io.proxima.message.SessionId.random(),
            new MqttEndpoint(URI.create("mqtt://127.0.0.1:1"), java.util.UUID.randomUUID())))
        .expectError(TransportException.class)
        .verify(WAIT);
  }

  @Test
  void withEveryBrokerDownItKeepsGoingRoundTheListUntilOneIsBack() {
    MqttGateway g = gateway(transport().brokers(first.url(), second.url()));
    Draft00Exchange.Verifier v = Draft00Exchange.listen(g).block(WAIT);
    second.kill();
    first.kill();
    StepVerifier.create(g.state().filter(s -> s == MqttConnectionState.RECONNECTING).next()).expectNextCount(1).expectComplete().verify(WAIT);

    second.restart();

    awaitConnectedTo(g, second.url());
    try (RawMqttClient wallet = RawMqttClient.connect(second.url())) {
      wallet.publish(MqttTopics.topic(v.id(), FrameKind.IDENTIFY), MqttExchangeTest.validIdentify(v.engagement()));
      StepVerifier.create(v.listener().identifies().next()).expectNextCount(1).expectComplete().verify(WAIT);
    }
    v.listener().close().block(WAIT);
    assertThat(g.stats().subscriptions()).isZero();
  }

  private static void awaitConnectedTo(MqttGateway g, String url) {
    StepVerifier.create(
            g.state()
                .filter(s -> s == MqttConnectionState.CONNECTED && g.brokerUrl().toString().equals(url))
                .next())
        .expectNext(MqttConnectionState.CONNECTED)
        .expectComplete()
        .verify(WAIT);
  }
}
