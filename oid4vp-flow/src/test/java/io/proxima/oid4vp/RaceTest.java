package io.proxima.oid4vp;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.engagement.Engagement;
import io.proxima.engagement.TransportType;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.Identify;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.Role;
import io.proxima.oid4vp.testing.Fixtures;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.memory.Faults;
import io.proxima.transport.memory.InMemoryHub;
import io.proxima.transport.memory.InMemoryTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** A verifier offering MQTT and BLE with one key: the first valid Identify on either wins. */
class RaceTest {

  static final Duration WAIT = Duration.ofSeconds(10);

  final InMemoryHub hub = InMemoryHub.create();
  final InMemoryTransport mqtt = InMemoryTransport.create(hub);
  final InMemoryTransport ble = InMemoryTransport.create(hub).type(TransportType.BLE);
  final List<SessionEvent> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void nothingLeaks() {
    assertThat(hub.activeSessions()).as("sessions left on the hub").isZero();
  }

  Verifier verifierOfferingBoth() {
    return Verifier.create(Fixtures.SIGNER).transport(mqtt).transport(ble).observer(events::add);
  }

  @Test
  void aWalletPreferringBleWinsTheRaceOverBle() {
    VerifierSession verifier = verifierOfferingBoth().session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    assertThat(engagement.mqtt()).isPresent();
    assertThat(engagement.ble()).isPresent();
    WalletOutcome w = Wallet.create(Fixtures.presentingPid()).transport(ble).transport(mqtt).session(engagement).result().block(WAIT);
    VerifierOutcome v = verifier.result().block(WAIT);
    assertThat(v.state()).isEqualTo(VerifierState.ACCEPTED);
    assertThat(v.transport()).isEqualTo(TransportType.BLE);
    assertThat(v.stats().transports()).containsExactly(TransportType.BLE);
    assertThat(w.transport()).isEqualTo(TransportType.BLE);
  }

  @Test
  void aWalletPreferringMqttWinsTheRaceOverMqtt() {
    VerifierSession verifier = verifierOfferingBoth().session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    Wallet.create(Fixtures.presentingPid()).transport(mqtt).transport(ble).session(engagement).result().block(WAIT);
    VerifierOutcome v = verifier.result().block(WAIT);
    assertThat(v.state()).isEqualTo(VerifierState.ACCEPTED);
    assertThat(v.transport()).isEqualTo(TransportType.MQTT);
  }

  @Test
  void theWalletPreferenceComesFromItsConfiguration() {
    VerifierSession verifier = verifierOfferingBoth().session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    TransportsConfig config = TransportsConfig.parse("{\"ble\": {\"type\": \"BLE\", \"order\": 1}, \"mqtt\": {\"type\": \"MQTT\", \"order\": 5}}");
    Wallet wallet = Wallet.create(Fixtures.presentingPid()).transport(mqtt).transport(ble).transports(config);
    assertThat(wallet.preferredTransports()).containsExactly(TransportType.BLE, TransportType.MQTT);
    assertThat(wallet.session(engagement).result().block(WAIT).transport()).isEqualTo(TransportType.BLE);
    assertThat(verifier.result().block(WAIT).transport()).isEqualTo(TransportType.BLE);
  }

  @Test
  void theVerifierOffersOnlyEnabledTransports() {
    TransportsConfig config = TransportsConfig.parse("{\"MQTT\": {\"type\": \"MQTT\", \"enabled\": false}, \"BLE\": {\"type\": \"BLE\"}}");
    Verifier verifier = verifierOfferingBoth().transports(config);
    assertThat(verifier.offeredTransports()).containsExactly(TransportType.BLE);
    VerifierSession session = verifier.session(Fixtures.pidQuery());
    Engagement engagement = session.engagement().block(WAIT);
    assertThat(engagement.mqtt()).isEmpty();
    assertThat(engagement.ble()).isPresent();
    session.cancel().block(WAIT);
    VerifierSession restricted = verifierOfferingBoth().session(Fixtures.pidQuery(), java.util.Set.of(TransportType.MQTT));
    assertThat(restricted.engagement().block(WAIT).ble()).isEmpty();
    restricted.cancel().block(WAIT);
  }

  @Test
  void theLosingListenerIsClosedAsSoonAsOneWins() {
    VerifierSession verifier = verifierOfferingBoth().session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    assertThat(hub.activeSessions()).isEqualTo(2);
    Sinks.One<io.proxima.oid4vp.presentation.PresentationDecision> decision = Sinks.one();
    WalletSession wallet = Wallet.create(r -> decision.asMono()).transport(mqtt).session(engagement).start();
    wallet.states().filter(c -> c.state() == WalletState.REQUEST_RECEIVED).blockFirst(WAIT);
    assertThat(hub.activeSessions()).as("only the MQTT session is left").isEqualTo(1);
    assertThat(hub.walletCount(verifier.sessionId(), TransportType.BLE)).isZero();
    decision.tryEmitValue(io.proxima.oid4vp.presentation.PresentationDecision.present(Fixtures.pidToken()));
    assertThat(verifier.result().block(WAIT).state()).isEqualTo(VerifierState.ACCEPTED);
    wallet.result().block(WAIT);
  }

  @Test
  void whenTheWalletsFirstChoiceCannotConnectItUsesTheNext() {
    VerifierSession verifier = verifierOfferingBoth().session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    List<SessionEvent> walletEvents = new CopyOnWriteArrayList<>();
    WalletOutcome w = Wallet.create(Fixtures.presentingPid())
        .transport(mqtt.faults(Faults.none().withFailingSetup(true)))
        .transport(ble)
        .observer(walletEvents::add)
        .session(engagement).result().block(WAIT);
    assertThat(w.state()).isEqualTo(WalletState.SUBMITTED);
    assertThat(w.transport()).isEqualTo(TransportType.BLE);
    assertThat(w.stats().transports()).containsExactly(TransportType.BLE);
    assertThat(walletEvents).anyMatch(e -> e instanceof SessionEvent.TransportLost t && t.transport() == TransportType.MQTT);
    assertThat(verifier.result().block(WAIT).transport()).isEqualTo(TransportType.BLE);
  }

  @Test
  void whenNoRequestComesOnTheFirstChoiceTheSameIdentifyIsSentOnTheNext() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    InMemoryTransport vMqtt = mqtt.scheduler(vts);
    InMemoryTransport vBle = ble.scheduler(vts);
    VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(vMqtt).transport(vBle).scheduler(vts).session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    // The wallet's Identify over MQTT is lost (MQTT QoS 0); after the request timeout it tries BLE.
    InMemoryTransport losesIdentify = vMqtt.faults(Faults.none().withDrop(f -> f.kind() == FrameKind.IDENTIFY));
    WalletSession wallet = Wallet.create(Fixtures.presentingPid()).transport(losesIdentify).transport(vBle).scheduler(vts).session(engagement);

    StepVerifier.withVirtualTime(() -> Flux.merge(wallet.result(), verifier.result()), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .expectNoEvent(WalletTimeouts.DEFAULT_REQUEST.minusMillis(1))
        .thenAwait(Duration.ofMillis(1))
        .assertNext(o -> {
          WalletOutcome w = (WalletOutcome) o;
          assertThat(w.state()).isEqualTo(WalletState.SUBMITTED);
          assertThat(w.stats().transports()).containsExactly(TransportType.BLE);
        })
        .assertNext(o -> assertThat(((VerifierOutcome) o).transport()).isEqualTo(TransportType.BLE))
        .expectComplete()
        .verify(WAIT);
  }

  /** Two wallets scan the same QR: the first valid Identify wins, whichever transport it came over. */
  @Test
  void aRaceIsWonByEitherTransport() {
    for (TransportType faster : TransportType.values()) {
      VirtualTimeScheduler vts = VirtualTimeScheduler.create();
      InMemoryTransport vMqtt = mqtt.scheduler(vts);
      InMemoryTransport vBle = ble.scheduler(vts);
      VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(vMqtt).transport(vBle).scheduler(vts).session(Fixtures.pidQuery());
      Engagement engagement = verifier.engagement().block(WAIT);
      Faults slow = Faults.none().withDelay(Duration.ofSeconds(1));
      WalletSession overMqtt = Wallet.create(Fixtures.presentingPid()).scheduler(vts)
          .transport(faster == TransportType.MQTT ? vMqtt : vMqtt.faults(slow)).session(engagement);
      WalletSession overBle = Wallet.create(Fixtures.presentingPid()).scheduler(vts)
          .transport(faster == TransportType.BLE ? vBle : vBle.faults(slow)).session(engagement);
      WalletSession winner = faster == TransportType.MQTT ? overMqtt : overBle;
      WalletSession loser = faster == TransportType.MQTT ? overBle : overMqtt;

      StepVerifier.withVirtualTime(() -> Flux.merge(winner.result(), verifier.result()), () -> vts, Long.MAX_VALUE)
          .then(loser::start)
          .thenAwait(Duration.ofSeconds(2))
          .assertNext(o -> assertThat(((WalletOutcome) o).state()).isEqualTo(WalletState.SUBMITTED))
          .assertNext(o -> {
            VerifierOutcome v = (VerifierOutcome) o;
            assertThat(v.state()).isEqualTo(VerifierState.ACCEPTED);
            assertThat(v.transport()).as("winner").isEqualTo(faster);
          })
          .expectComplete()
          .verify(WAIT);
      // The loser's Identify came too late: over BLE the link is dropped, over MQTT no request decrypts for it.
      StepVerifier.withVirtualTime(loser::result, () -> vts, Long.MAX_VALUE)
          .thenAwait(WalletTimeouts.DEFAULT_REQUEST)
          .assertNext(o -> assertThat(o.state()).isIn(WalletState.FAILED, WalletState.EXPIRED))
          .expectComplete()
          .verify(WAIT);
    }
  }

  @Test
  void hostileIdentifyAttemptsOnTheLosingTransportCancelNothing() {
    VerifierSession verifier = verifierOfferingBoth().session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    FrameConnection attacker = ble.connect(engagement).block(WAIT);
    byte[] lowOrder = Identify.of(new byte[32], new byte[12], IdentifyVersion.V2).encode();
    byte[] wrongVersion = lowOrder.clone();
    wrongVersion[44] = 0x07;
    attacker.send(Flux.just(
        Frame.of(FrameKind.IDENTIFY, new byte[30]),
        Frame.of(FrameKind.IDENTIFY, lowOrder),
        Frame.of(FrameKind.IDENTIFY, wrongVersion))).block(WAIT);
    Flux.interval(Duration.ofMillis(10)).takeUntil(i -> ignored() == 3).blockLast(WAIT);

    assertThat(verifier.currentState()).as("nothing was cancelled").isEqualTo(VerifierState.ENGAGED);
    assertThat(hub.activeSessions()).as("both transports still listen").isEqualTo(2);
    assertThat(events).filteredOn(e -> e instanceof SessionEvent.IdentifyIgnored).extracting(e -> ((SessionEvent.IdentifyIgnored) e).reason())
        .containsExactly("identify.length invalid", "low-order or invalid public key", "identify.version invalid");

    WalletOutcome w = Wallet.create(Fixtures.presentingPid()).transport(mqtt).session(engagement).result().block(WAIT);
    VerifierOutcome v = verifier.result().block(WAIT);
    assertThat(w.state()).isEqualTo(WalletState.SUBMITTED);
    assertThat(v.state()).isEqualTo(VerifierState.ACCEPTED);
    assertThat(v.transport()).isEqualTo(TransportType.MQTT);
    assertThat(v.stats().ignoredIdentifies()).isEqualTo(3);
    attacker.close().block(WAIT);
  }

  @Test
  void hostileIdentifyAttemptsOnTheWinningTransportAreIgnoredToo() {
    VerifierSession verifier = verifierOfferingBoth().session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    FrameConnection attacker = mqtt.connect(engagement).block(WAIT);
    attacker.send(Frame.of(FrameKind.IDENTIFY, new byte[100])).block(WAIT);
    Flux.interval(Duration.ofMillis(10)).takeUntil(i -> ignored() == 1).blockLast(WAIT);
    WalletOutcome w = Wallet.create(Fixtures.presentingPid()).transport(mqtt).session(engagement).result().block(WAIT);
    assertThat(w.state()).isEqualTo(WalletState.SUBMITTED);
    assertThat(verifier.result().block(WAIT).stats().ignoredIdentifies()).isEqualTo(1);
    attacker.close().block(WAIT);
  }

  private long ignored() {
    return events.stream().filter(e -> e instanceof SessionEvent.IdentifyIgnored && e.role() == Role.VERIFIER).count();
  }

}
