package io.proxima.mqtt;

import static io.proxima.mqtt.Draft00Exchange.REQUEST;
import static io.proxima.mqtt.Draft00Exchange.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.crypto.Draft00Session;
import io.proxima.error.SessionTimeoutException;
import io.proxima.error.TransportClosedException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.IdentifyVersion;
import io.proxima.testing.MosquittoBroker;
import io.proxima.transport.ConnectionState;
import io.proxima.transport.FrameConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** A broker killed and restarted under live sessions (each test has its own mosquitto). */
class MqttReconnectTest {

  final MosquittoBroker broker = MosquittoBroker.start();
  final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : cleanup) {
      c.close();
    }
    broker.close();
  }

  MqttTransport transport() {
    return MqttTransport.create()
        .broker(broker.url())
        .reconnect(ReconnectPolicy.defaults().withBackoff(Duration.ofMillis(100), Duration.ofMillis(500)))
        .setupTimeout(Duration.ofSeconds(10))
        .sendTimeout(Duration.ofSeconds(10));
  }

  MqttGateway gateway(MqttTransport t) {
    MqttGateway g = t.connect().block(WAIT);
    cleanup.add(() -> g.close().block(WAIT));
    return g;
  }

  /** One session halfway: Identify accepted, request delivered, submission not yet sent. */
  record Halfway(Draft00Exchange.Verifier v, Draft00Session walletCrypto, Draft00Session verifierCrypto, FrameConnection verifier, FrameConnection wallet) {}

  Halfway halfway(MqttGateway verifierGateway, MqttGateway walletGateway) {
    Draft00Exchange.Verifier v = Draft00Exchange.listen(verifierGateway).block(WAIT);
    Draft00Session walletCrypto = Draft00Session.forWallet(v.id(), v.engagement().verifierPublicKey(), IdentifyVersion.V2);
    FrameConnection wallet = walletGateway.connect(v.engagement()).block(WAIT);
    wallet.send(walletCrypto.identify().toFrame()).block(WAIT);
    var attempt = v.listener().identifies().next().block(WAIT);
    Draft00Session verifierCrypto = Draft00Session.forVerifier(v.id(), v.keys(), io.proxima.message.Identify.decode(attempt.frame(), v.id()));
    FrameConnection verifier = attempt.accept().block(WAIT);
    verifier.send(verifierCrypto.sealFrame(FrameKind.REQUEST, REQUEST)).block(WAIT);
    assertThat(walletCrypto.openFrame(wallet.receive().next().block(WAIT))).isEqualTo(REQUEST);
    cleanup.add(() -> verifier.close().block(WAIT));
    cleanup.add(() -> wallet.close().block(WAIT));
    return new Halfway(v, walletCrypto, verifierCrypto, verifier, wallet);
  }

  @Test
  void afterABrokerRestartSessionsResubscribeAndCompleteWhileLostOnesFailTyped() {
    MqttGateway verifiers = gateway(transport().sessionTimeout(Duration.ofSeconds(6)));
    MqttGateway wallets = gateway(transport());
    MqttGateway fragileWallets = gateway(transport().reconnect(ReconnectPolicy.disabled()));

    List<Halfway> survivors = List.of(halfway(verifiers, wallets), halfway(verifiers, wallets), halfway(verifiers, wallets));
    Halfway doomed = halfway(verifiers, fragileWallets);
    Draft00Exchange.Verifier waiting = Draft00Exchange.listen(verifiers).block(WAIT);
    long subscriptionsBefore = verifiers.stats().subscriptions();

    broker.kill();

    // Sessions on a reconnecting gateway turn INTERRUPTED; a wallet without reconnect fails at once.
    for (Halfway h : survivors) {
      StepVerifier.create(h.verifier().state().filter(s -> s == ConnectionState.INTERRUPTED).next()).expectNextCount(1).expectComplete().verify(WAIT);
    }
    StepVerifier.create(doomed.wallet().onClose()).expectError(TransportClosedException.class).verify(WAIT);
    StepVerifier.create(fragileWallets.onClose()).expectError(TransportClosedException.class).verify(WAIT);
    assertThat(verifiers.currentState()).isIn(MqttConnectionState.RECONNECTING, MqttConnectionState.CONNECTED);

    broker.restart();

    awaitConnected(verifiers);
    awaitConnected(wallets);
    assertThat(verifiers.stats().subscriptions()).isEqualTo(subscriptionsBefore);
    assertThat(verifiers.stats().connects()).isGreaterThanOrEqualTo(2);
    for (Halfway h : survivors) {
      StepVerifier.create(h.verifier().state().filter(s -> s == ConnectionState.OPEN).next()).expectNextCount(1).expectComplete().verify(WAIT);
      StepVerifier.create(h.wallet().state().filter(s -> s == ConnectionState.OPEN).next()).expectNextCount(1).expectComplete().verify(WAIT);
    }

    // The survivors complete over the resubscribed topics.
    for (Halfway h : survivors) {
      byte[] submission = Draft00Exchange.submission(h.v().id().toString());
      h.wallet().send(h.walletCrypto().sealFrame(FrameKind.SUBMISSION, submission)).block(WAIT);
      Frame received = h.verifier().receive().next().block(WAIT);
      assertThat(h.verifierCrypto().openFrame(received)).isEqualTo(submission);
    }
    // A listener from before the outage still gets its Identify.
    try (RawMqttClient late = RawMqttClient.connect(broker.url())) {
      late.publish(MqttTopics.topic(waiting.id(), FrameKind.IDENTIFY), MqttExchangeTest.validIdentify(waiting.engagement()));
      StepVerifier.create(waiting.listener().identifies().next()).expectNextCount(1).expectComplete().verify(WAIT);
    }
    waiting.listener().close().block(WAIT);
    // The session whose wallet was lost cannot complete: it fails typed within its timeout.
    StepVerifier.create(doomed.verifier().receive())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(SessionTimeoutException.class).hasMessageContaining("session"))
        .verify(Duration.ofSeconds(15));
  }

  @Test
  void framesSentDuringTheOutageArePublishedAfterReconnect() {
    MqttGateway verifiers =
        gateway(transport().reconnect(ReconnectPolicy.defaults().withBackoff(Duration.ofMillis(1500), Duration.ofSeconds(2)).withJitter(0)));
    Halfway h = halfway(verifiers, verifiers);
    broker.kill();
    StepVerifier.create(h.verifier().state().filter(s -> s == ConnectionState.INTERRUPTED).next()).expectNextCount(1).expectComplete().verify(WAIT);
    var pending = h.verifier().send(Frame.of(FrameKind.REQUEST, "queued".getBytes(StandardCharsets.US_ASCII))).toFuture();
    assertThat(pending).isNotDone();
    broker.restart();
    // A subscriber that is there before the gateway's next attempt sees the queued frame.
    try (RawMqttClient observer = RawMqttClient.connect(broker.url()).subscribe(MqttTopics.walletTopic(h.v().id()))) {
      assertThat(observer.next(WAIT).payload()).isEqualTo("queued".getBytes(StandardCharsets.US_ASCII));
    }
    StepVerifier.create(reactor.core.publisher.Mono.fromFuture(pending)).expectComplete().verify(WAIT);
  }

  @Test
  void reconnectingGivesUpAfterItsAttemptsAndFailsEverySession() {
    MqttGateway g = gateway(transport().reconnect(ReconnectPolicy.defaults().withBackoff(Duration.ofMillis(50), Duration.ofMillis(100)).withMaxAttempts(3)));
    Draft00Exchange.Verifier v = Draft00Exchange.listen(g).block(WAIT);
    broker.kill();
    StepVerifier.create(g.onClose()).expectError(TransportClosedException.class).verify(WAIT);
    StepVerifier.create(v.listener().identifies())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TransportClosedException.class).hasMessageContaining("gave up"))
        .verify(WAIT);
    assertThat(g.currentState()).isEqualTo(MqttConnectionState.CLOSED);
  }

  @Test
  void aSendWaitingForAReconnectTimesOutTyped() {
    MqttGateway g = gateway(transport().sendTimeout(Duration.ofMillis(500)));
    Halfway h = halfway(g, g);
    broker.kill();
    StepVerifier.create(h.verifier().send(Frame.of(FrameKind.REQUEST, new byte[] {1})))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(SessionTimeoutException.class).hasMessageContaining("published"))
        .verify(WAIT);
  }

  private static void awaitConnected(MqttGateway g) {
    StepVerifier.create(g.state().filter(s -> s == MqttConnectionState.CONNECTED).next())
        .expectNext(MqttConnectionState.CONNECTED)
        .expectComplete()
        .verify(WAIT);
  }
}
