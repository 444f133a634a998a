package io.proxima.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.cli.testing.DelayedWalletTransport;
import io.proxima.cli.testing.Sessions;
import io.proxima.engagement.Engagement;
import io.proxima.engagement.TransportType;
import io.proxima.error.SessionTimeoutException;
import io.proxima.message.FrameKind;
import io.proxima.message.Identify;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.Role;
import io.proxima.mqtt.MqttGateway;
import io.proxima.mqtt.MqttTopics;
import io.proxima.mqtt.MqttTransport;
import io.proxima.mqtt.RawMqttClient;
import io.proxima.mqtt.ReconnectPolicy;
import io.proxima.oid4vp.SessionEvent;
import io.proxima.oid4vp.Verifier;
import io.proxima.oid4vp.VerifierOutcome;
import io.proxima.oid4vp.VerifierSession;
import io.proxima.oid4vp.VerifierState;
import io.proxima.oid4vp.VerifierTimeouts;
import io.proxima.oid4vp.Wallet;
import io.proxima.oid4vp.WalletOutcome;
import io.proxima.oid4vp.WalletSession;
import io.proxima.oid4vp.WalletState;
import io.proxima.oid4vp.WalletTimeouts;
import io.proxima.oid4vp.error.SessionCancelledException;
import io.proxima.oid4vp.presentation.PresentationDecision;
import io.proxima.oid4vp.presentation.PresentationProviders;
import io.proxima.oid4vp.testing.Fixtures;
import io.proxima.oid4vp.validation.ValidationReason;
import io.proxima.testing.MosquittoBroker;
import io.proxima.transport.memory.Faults;
import io.proxima.transport.memory.InMemoryHub;
import io.proxima.transport.memory.InMemoryTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Full sessions of the flow over a real mosquitto with the MQTT transport (issue 4): accept,
 * reject, V1 and V2, cancel from each side, races between MQTT and a BLE-like in-memory transport
 * won by either, hostile Identify attempts on the losing transport, and switch-over to BLE after the
 * broker is killed. Timeouts are tested in virtual time by the flow's own tests.
 */
class FlowOverMosquittoTest {

  static final Duration WAIT = Duration.ofSeconds(15);
  /** How much later the slower wallet of a race starts: far more than a session takes, even on a loaded machine. */
  static final Duration HANDICAP = Duration.ofSeconds(2);

  static MqttGateway gateway;

  final InMemoryHub hub = InMemoryHub.create();
  final InMemoryTransport ble = InMemoryTransport.create(hub).type(TransportType.BLE);
  final MqttTransport walletMqtt = MqttTransport.create();
  final List<SessionEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void connect() {
    gateway = MqttTransport.create().broker(MosquittoBroker.shared().url()).connect().block(WAIT);
  }

  @AfterAll
  static void disconnect() {
    gateway.close().block(WAIT);
  }

  @AfterEach
  void nothingIsLeftBehind() {
    Sessions.eventually("the verifier's gateway has no session or subscription left",
        () -> gateway.stats().sessions() == 0 && gateway.stats().subscriptions() == 0);
    assertThat(hub.activeSessions()).as("BLE-like sessions left").isZero();
  }

  Verifier verifier() {
    return Verifier.create(Fixtures.SIGNER).transport(gateway).observer(events::add);
  }

  Verifier verifierOfferingBoth() {
    return verifier().transport(ble);
  }

  @Test
  void aWalletPresentsOverMosquitto() {
    VerifierSession verifier = verifier().session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    assertThat(engagement.mqtt()).hasValueSatisfying(e -> assertThat(e.brokerUrl().toString()).isEqualTo(MosquittoBroker.shared().url()));

    WalletOutcome w = Wallet.create(Fixtures.presentingPid()).transport(walletMqtt).session(engagement).result().block(WAIT);
    VerifierOutcome v = verifier.result().block(WAIT);

    assertThat(w.state()).as(w.toString()).isEqualTo(WalletState.SUBMITTED);
    assertThat(w.transport()).isEqualTo(TransportType.MQTT);
    assertThat(v.state()).as(v.toString()).isEqualTo(VerifierState.ACCEPTED);
    assertThat(v.transport()).isEqualTo(TransportType.MQTT);
    assertThat(v.version()).isEqualTo(IdentifyVersion.V2);
    assertThat(v.submission().vpToken()).isEqualTo(Fixtures.pidToken());
    assertThat(v.submission().presentationSubmission()).isNull();
    assertThat(v.validation().verified()).as("structure only").isFalse();
    assertThat(v.validation().hasReason(ValidationReason.NOT_VERIFIED)).isTrue();
    assertThat(v.timeline()).extracting(c -> c.state()).containsExactly(VerifierState.CREATED, VerifierState.ENGAGED,
        VerifierState.CONNECTED, VerifierState.REQUESTED, VerifierState.ACCEPTED);
  }

  @Test
  void aV1WalletGetsAPresentationDefinitionAndAnswersWithAPresentationSubmission() {
    VerifierSession verifier = verifier().session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);

    WalletOutcome w = Wallet.create(Fixtures.presentingPid()).transport(walletMqtt).version(IdentifyVersion.V1)
        .session(engagement).result().block(WAIT);
    VerifierOutcome v = verifier.result().block(WAIT);

    assertThat(w.state()).as(w.toString()).isEqualTo(WalletState.SUBMITTED);
    assertThat(w.request().version()).isEqualTo(IdentifyVersion.V1);
    assertThat(w.request().presentationDefinition()).isNotNull();
    assertThat(w.request().dcqlQuery()).isNull();
    assertThat(w.request().clientId()).isEqualTo(Fixtures.SIGNER.did());
    assertThat(v.state()).as(v.toString()).isEqualTo(VerifierState.ACCEPTED);
    assertThat(v.version()).isEqualTo(IdentifyVersion.V1);
    assertThat(v.submission().presentationSubmission()).isNotNull();
    assertThat(v.submission().vpToken()).isEqualTo(Fixtures.pidToken());
  }

  @Test
  void aWalletThatRejectsEndsBothSidesRejected() {
    VerifierSession verifier = verifier().session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);

    WalletOutcome w = Wallet.create(PresentationProviders.rejecting("not today")).transport(walletMqtt).session(engagement).result().block(WAIT);
    VerifierOutcome v = verifier.result().block(WAIT);

    assertThat(w.state()).as(w.toString()).isEqualTo(WalletState.REJECTED);
    assertThat(v.state()).as(v.toString()).isEqualTo(VerifierState.REJECTED);
    assertThat(v.transport()).isEqualTo(TransportType.MQTT);
    assertThat(v.submission()).isNull();
    assertThat(v.failure()).isNull();
  }

  @Test
  void theVerifierCancelsAndUnsubscribesFromTheBroker() {
    VerifierSession verifier = verifier().session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    WalletSession wallet = Wallet.create(request -> Mono.never()).transport(walletMqtt).session(engagement).start();
    Sessions.awaitState(wallet, WalletState.REQUEST_RECEIVED, WAIT);
    Sessions.awaitState(verifier, VerifierState.REQUESTED, WAIT);
    assertThat(gateway.stats().subscriptions()).as("accept and reject").isPositive();

    verifier.cancel().block(WAIT);

    VerifierOutcome v = verifier.result().block(WAIT);
    assertThat(v.state()).isEqualTo(VerifierState.CANCELLED);
    assertThat(v.failure()).isInstanceOfSatisfying(SessionCancelledException.class,
        e -> assertThat(e.initiator()).isEqualTo(SessionCancelledException.Initiator.LOCAL));
    assertThat(gateway.stats().subscriptions()).as("unsubscribed").isZero();
    assertThat(gateway.stats().sessions()).isZero();
    // MQTT has no Disconnect message: the wallet is not told and ends when it gives up or is cancelled.
    assertThat(wallet.currentState()).isEqualTo(WalletState.REQUEST_RECEIVED);
    wallet.cancel().block(WAIT);
    assertThat(wallet.result().block(WAIT).state()).isEqualTo(WalletState.CANCELLED);
  }

  @Test
  void theWalletCancelsAndUnsubscribesAndTheVerifierExpires() {
    MqttGateway walletGateway = MqttTransport.create().broker(MosquittoBroker.shared().url()).connect().block(WAIT);
    try {
      VerifierSession verifier = verifier().timeouts(VerifierTimeouts.DEFAULTS.withResponse(Duration.ofSeconds(1)))
          .session(Fixtures.pidQuery());
      Engagement engagement = verifier.engagement().block(WAIT);
      WalletSession wallet = Wallet.create(request -> Mono.never()).transport(walletGateway).session(engagement).start();
      Sessions.awaitState(wallet, WalletState.REQUEST_RECEIVED, WAIT);
      assertThat(walletGateway.stats().subscriptions()).as("the request topic").isEqualTo(1);

      wallet.cancel().block(WAIT);

      WalletOutcome w = wallet.result().block(WAIT);
      assertThat(w.state()).isEqualTo(WalletState.CANCELLED);
      assertThat(w.failure()).isInstanceOfSatisfying(SessionCancelledException.class,
          e -> assertThat(e.initiator()).isEqualTo(SessionCancelledException.Initiator.LOCAL));
      assertThat(walletGateway.stats().subscriptions()).as("unsubscribed").isZero();
      assertThat(walletGateway.stats().sessions()).isZero();
      VerifierOutcome v = verifier.result().block(WAIT);
      assertThat(v.state()).isEqualTo(VerifierState.EXPIRED);
      assertThat(v.failure()).isInstanceOfSatisfying(SessionTimeoutException.class,
          e -> assertThat(e.awaited()).isEqualTo("the wallet's response"));
    } finally {
      walletGateway.close().block(WAIT);
    }
  }

  @Test
  void aRaceBetweenTwoWalletsIsWonOverMosquittoWhenTheBleOneIsSlower() {
    VerifierSession verifier = verifierOfferingBoth().session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    assertThat(engagement.offers(TransportType.MQTT)).isTrue();
    assertThat(engagement.offers(TransportType.BLE)).isTrue();
    WalletSession overMqtt = Wallet.create(Fixtures.presentingPid()).transport(walletMqtt).session(engagement);
    WalletSession overBle = Wallet.create(Fixtures.presentingPid())
        .transport(ble.faults(Faults.none().withSetupDelay(HANDICAP))).session(engagement);

    overBle.start();
    overMqtt.start();

    VerifierOutcome v = verifier.result().block(WAIT);
    assertThat(v.state()).as(v.toString()).isEqualTo(VerifierState.ACCEPTED);
    assertThat(v.transport()).isEqualTo(TransportType.MQTT);
    assertThat(v.stats().transports()).containsExactly(TransportType.MQTT);
    assertThat(overMqtt.result().block(WAIT).state()).isEqualTo(WalletState.SUBMITTED);
    WalletOutcome loser = overBle.result().block(WAIT);
    assertThat(loser.state()).as("the BLE listener closed when MQTT won: %s", loser).isEqualTo(WalletState.FAILED);
  }

  @Test
  void aRaceBetweenTwoWalletsIsWonOverBleWhenTheMqttOneIsSlower() {
    VerifierSession verifier = verifierOfferingBoth().session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    WalletSession overMqtt = Wallet.create(Fixtures.presentingPid())
        .transport(new DelayedWalletTransport(walletMqtt, HANDICAP))
        .timeouts(WalletTimeouts.DEFAULTS.withRequest(Duration.ofSeconds(2)))
        .session(engagement);
    WalletSession overBle = Wallet.create(Fixtures.presentingPid()).transport(ble).session(engagement);

    overMqtt.start();
    overBle.start();

    VerifierOutcome v = verifier.result().block(WAIT);
    assertThat(v.state()).as(v.toString()).isEqualTo(VerifierState.ACCEPTED);
    assertThat(v.transport()).isEqualTo(TransportType.BLE);
    assertThat(overBle.result().block(WAIT).state()).isEqualTo(WalletState.SUBMITTED);
    WalletOutcome loser = overMqtt.result().block(WAIT);
    // The verifier unsubscribed the identify topic when BLE won: the late Identify is never answered.
    assertThat(loser.state()).as(loser.toString()).isEqualTo(WalletState.EXPIRED);
    assertThat(loser.failure()).isInstanceOfSatisfying(SessionTimeoutException.class, e -> assertThat(e.awaited()).isEqualTo("the request"));
  }

  @Test
  void hostileIdentifyAttemptsPublishedOnTheLosingBrokerTopicCancelNothing() {
    VerifierSession verifier = verifierOfferingBoth().session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    String identifyTopic = MqttTopics.topic(verifier.sessionId(), FrameKind.IDENTIFY);
    byte[] lowOrder = Identify.of(new byte[32], new byte[12], IdentifyVersion.V2).encode();
    byte[] wrongVersion = lowOrder.clone();
    wrongVersion[44] = 0x07;
    try (RawMqttClient attacker = RawMqttClient.connect(MosquittoBroker.shared().url())) {
      attacker.publish(identifyTopic, new byte[30]);
      attacker.publish(identifyTopic, lowOrder);
      attacker.publish(identifyTopic, wrongVersion);
      Sessions.eventually("three Identify attempts ignored", () -> ignoredIdentifies() == 3);
    }
    assertThat(verifier.currentState()).as("nothing was cancelled").isEqualTo(VerifierState.ENGAGED);
    assertThat(hub.activeSessions()).as("BLE still listens").isEqualTo(1);
    assertThat(events).filteredOn(e -> e instanceof SessionEvent.IdentifyIgnored)
        .extracting(e -> ((SessionEvent.IdentifyIgnored) e).transport()).containsOnly(TransportType.MQTT);

    WalletOutcome w = Wallet.create(Fixtures.presentingPid()).transport(ble).session(engagement).result().block(WAIT);
    VerifierOutcome v = verifier.result().block(WAIT);

    assertThat(w.state()).isEqualTo(WalletState.SUBMITTED);
    assertThat(v.state()).as(v.toString()).isEqualTo(VerifierState.ACCEPTED);
    assertThat(v.transport()).isEqualTo(TransportType.BLE);
    assertThat(v.stats().ignoredIdentifies()).isEqualTo(3);
  }

  @Test
  void whenTheBrokerIsKilledWhileTheUserDecidesBothSidesSwitchOverToBle() {
    try (MosquittoBroker privateBroker = MosquittoBroker.start()) {
      MqttGateway privateGateway = MqttTransport.create().broker(privateBroker.url()).reconnect(ReconnectPolicy.disabled())
          .connect().block(WAIT);
      Sinks.One<PresentationDecision> decision = Sinks.one();
      VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(privateGateway).transport(ble).observer(events::add)
          .session(Fixtures.pidQuery());
      Engagement engagement = verifier.engagement().block(WAIT);
      WalletSession wallet = Wallet.create(request -> decision.asMono())
          .transport(walletMqtt.reconnect(ReconnectPolicy.disabled()))
          .transport(ble)
          .observer(events::add)
          .session(engagement)
          .start();
      Sessions.awaitState(wallet, WalletState.REQUEST_RECEIVED, WAIT);
      Sessions.awaitState(verifier, VerifierState.REQUESTED, WAIT);

      privateBroker.kill();
      Sessions.eventually("both sides switched over",
          () -> events.stream().filter(e -> e instanceof SessionEvent.SwitchedOver).map(SessionEvent::role).distinct().count() == 2);
      decision.tryEmitValue(PresentationDecision.present(Fixtures.pidToken()));

      VerifierOutcome v = verifier.result().block(WAIT);
      WalletOutcome w = wallet.result().block(WAIT);
      assertThat(v.state()).as(v.toString()).isEqualTo(VerifierState.ACCEPTED);
      assertThat(v.transport()).isEqualTo(TransportType.BLE);
      assertThat(v.stats().transports()).containsExactly(TransportType.MQTT, TransportType.BLE);
      assertThat(v.stats().switchOvers()).isEqualTo(1);
      assertThat(v.submission().vpToken()).isEqualTo(Fixtures.pidToken());
      assertThat(w.state()).as(w.toString()).isEqualTo(WalletState.SUBMITTED);
      assertThat(w.stats().transports()).containsExactly(TransportType.MQTT, TransportType.BLE);
      assertThat(events).anyMatch(e -> e instanceof SessionEvent.TransportLost t && t.role() == Role.VERIFIER
          && t.transport() == TransportType.MQTT);
      privateGateway.close().onErrorComplete().block(WAIT);
    }
  }

  private long ignoredIdentifies() {
    return events.stream().filter(e -> e instanceof SessionEvent.IdentifyIgnored && e.role() == Role.VERIFIER).count();
  }
}
