package io.proxima.oid4vp;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.engagement.Engagement;
import io.proxima.engagement.TransportType;
import io.proxima.error.TransportClosedException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.Identify;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.Role;
import io.proxima.message.SessionId;
import io.proxima.oid4vp.error.SwitchOverFailedException;
import io.proxima.oid4vp.presentation.PresentationDecision;
import io.proxima.oid4vp.testing.Fixtures;
import io.proxima.oid4vp.testing.RecordingWalletTransport;
import io.proxima.transport.ForwardingFrameConnection;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.memory.Faults;
import io.proxima.transport.memory.InMemoryHub;
import io.proxima.transport.memory.InMemoryTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Switch-over (README): after the chosen transport dies, both sides continue on another offered
 * transport with the same Identify and the same ciphertexts. In virtual time, so that the test
 * decides exactly when the link is cut.
 */
class SwitchOverTest {

  static final Duration WAIT = Duration.ofSeconds(10);
  static final Duration TICK = Duration.ofMillis(1);

  final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
  final InMemoryHub hub = InMemoryHub.create();
  final InMemoryTransport mqtt = InMemoryTransport.create(hub).scheduler(vts);
  final InMemoryTransport ble = InMemoryTransport.create(hub).type(TransportType.BLE).scheduler(vts);
  final Sinks.One<PresentationDecision> decision = Sinks.one();
  final List<SessionEvent> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void nothingLeaks() {
    assertThat(hub.activeSessions()).as("sessions left on the hub").isZero();
  }

  Verifier verifier() {
    return Verifier.create(Fixtures.SIGNER).transport(mqtt).transport(ble).scheduler(vts).observer(events::add);
  }

  Wallet wallet() {
    return Wallet.create(r -> decision.asMono()).transport(mqtt).transport(ble).scheduler(vts).observer(events::add);
  }

  void decide() {
    decision.tryEmitValue(PresentationDecision.present(Fixtures.pidToken()));
  }

  static Flux<Object> outcomes(VerifierSession verifier, WalletSession wallet) {
    return Flux.merge(verifier.result(), wallet.result());
  }

  static void switched(Object outcome) {
    if (outcome instanceof VerifierOutcome v) {
      assertThat(v.state()).as(v.toString()).isEqualTo(VerifierState.ACCEPTED);
      assertThat(v.transport()).isEqualTo(TransportType.BLE);
      assertThat(v.stats().transports()).containsExactly(TransportType.MQTT, TransportType.BLE);
      assertThat(v.stats().switchOvers()).isEqualTo(1);
      assertThat(v.submission().vpToken()).isEqualTo(Fixtures.pidToken());
    } else {
      WalletOutcome w = (WalletOutcome) outcome;
      assertThat(w.state()).as(w.toString()).isEqualTo(WalletState.SUBMITTED);
      assertThat(w.transport()).isEqualTo(TransportType.BLE);
      assertThat(w.stats().transports()).containsExactly(TransportType.MQTT, TransportType.BLE);
      assertThat(w.stats().switchOvers()).isEqualTo(1);
    }
  }

  @Test
  void whenMqttIsCutWhileTheUserDecidesBothSidesContinueOverBle() {
    VerifierSession verifier = verifier().session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    WalletSession wallet = wallet().session(engagement);
    SessionId id = verifier.sessionId();

    StepVerifier.withVirtualTime(() -> outcomes(verifier, wallet), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .thenAwait(TICK)
        .then(() -> assertThat(wallet.currentState()).isEqualTo(WalletState.REQUEST_RECEIVED))
        .then(() -> assertThat(verifier.currentState()).isEqualTo(VerifierState.REQUESTED))
        .then(() -> hub.cut(id, TransportType.MQTT))
        .thenAwait(Duration.ofSeconds(2))
        .then(() -> assertThat(events).filteredOn(e -> e instanceof SessionEvent.SwitchedOver).extracting(SessionEvent::role)
            .containsExactlyInAnyOrder(Role.VERIFIER, Role.WALLET))
        .then(this::decide)
        .thenAwait(TICK)
        .assertNext(SwitchOverTest::switched)
        .assertNext(SwitchOverTest::switched)
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void whenMqttIsCutBeforeTheRequestArrivesTheWalletFetchesItOverBle() {
    InMemoryTransport dropsRequests = mqtt.faults(Faults.none().withDrop(f -> f.kind() == FrameKind.REQUEST));
    VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(dropsRequests).transport(ble).scheduler(vts)
        .session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    WalletSession wallet = Wallet.create(Fixtures.presentingPid()).transport(mqtt).transport(ble).scheduler(vts).session(engagement);

    StepVerifier.withVirtualTime(() -> outcomes(verifier, wallet), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(1))
        .then(() -> assertThat(wallet.currentState()).isEqualTo(WalletState.IDENTIFIED))
        .then(() -> hub.cut(verifier.sessionId(), TransportType.MQTT))
        .thenAwait(Duration.ofSeconds(2))
        .assertNext(SwitchOverTest::switchedBeforeTheRequest)
        .assertNext(SwitchOverTest::switchedBeforeTheRequest)
        .expectComplete()
        .verify(WAIT);
  }

  /** The verifier was connected over MQTT; the wallet's MQTT never got an answer, so it counts BLE only. */
  static void switchedBeforeTheRequest(Object outcome) {
    if (outcome instanceof VerifierOutcome) {
      switched(outcome);
      return;
    }
    WalletOutcome w = (WalletOutcome) outcome;
    assertThat(w.state()).as(w.toString()).isEqualTo(WalletState.SUBMITTED);
    assertThat(w.stats().transports()).containsExactly(TransportType.BLE);
    assertThat(w.stats().switchOvers()).isEqualTo(1);
  }

  @Test
  void anAlreadySealedSubmissionIsResentByteForByteOverTheNewTransport() {
    VerifierSession verifier = verifier().session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    SessionId id = verifier.sessionId();
    AtomicBoolean failedOnce = new AtomicBoolean();
    AtomicReference<Frame> lostSubmission = new AtomicReference<>();
    // The MQTT link dies while the submission is being sent: after it was sealed.
    RecordingWalletTransport dying = RecordingWalletTransport.of(mqtt).tampering(c -> new ForwardingFrameConnection(c) {
      @Override
      public Mono<Void> send(Publisher<Frame> frames) {
        return Flux.from(frames).concatMap(f -> {
          if (f.kind() == FrameKind.SUBMISSION && failedOnce.compareAndSet(false, true)) {
            lostSubmission.set(f);
            hub.cut(id, TransportType.MQTT);
            return Mono.<Void>error(new TransportClosedException("link died while sending", id, null));
          }
          return delegate.send(f);
        }).then();
      }
    });
    RecordingWalletTransport bleRecording = RecordingWalletTransport.of(ble);
    WalletSession wallet = Wallet.create(Fixtures.presentingPid()).transport(dying).transport(bleRecording).scheduler(vts).session(engagement);

    StepVerifier.withVirtualTime(() -> outcomes(verifier, wallet), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(2))
        .assertNext(SwitchOverTest::switched)
        .assertNext(SwitchOverTest::switched)
        .expectComplete()
        .verify(WAIT);
    Frame overMqtt = lostSubmission.get();
    Frame overBle = bleRecording.sent().stream().filter(f -> f.kind() == FrameKind.SUBMISSION).findFirst().orElseThrow();
    assertThat(overBle).as("the same ciphertext, not a second encryption").isEqualTo(overMqtt);
    // The verifier resent its request as is: both REQUEST frames the wallet saw are identical.
    assertThat(dying.received().stream().filter(f -> f.kind() == FrameKind.REQUEST).findFirst().orElseThrow())
        .isEqualTo(bleRecording.received().stream().filter(f -> f.kind() == FrameKind.REQUEST).findFirst().orElseThrow());
  }

  @Test
  void duringTheSwitchOverADifferentIdentifyIsIgnored() {
    VerifierSession verifier = verifier().session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    // The wallet's BLE frames take a while: the intruder's Identify arrives first.
    WalletSession wallet = Wallet.create(r -> decision.asMono()).transport(mqtt)
        .transport(ble.faults(Faults.none().withDelay(Duration.ofMillis(100)))).scheduler(vts).session(engagement);
    byte[][] intruder = new byte[1][];

    StepVerifier.withVirtualTime(() -> outcomes(verifier, wallet), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .thenAwait(TICK)
        .then(() -> hub.cut(verifier.sessionId(), TransportType.MQTT))
        .then(() -> {
          FrameConnection c = ble.connect(engagement).block(WAIT);
          intruder[0] = Identify.of(io.proxima.crypto.X25519KeyPair.generate().publicKey(), new byte[12], IdentifyVersion.V2).encode();
          c.send(Frame.of(FrameKind.IDENTIFY, intruder[0])).subscribe();
        })
        .thenAwait(Duration.ofSeconds(2))
        .then(() -> assertThat(events).anyMatch(e -> e instanceof SessionEvent.IdentifyIgnored i && i.reason().equals("not the Identify of this session")))
        .then(this::decide)
        .thenAwait(Duration.ofSeconds(1))
        .assertNext(SwitchOverTest::switched)
        .assertNext(SwitchOverTest::switched)
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void withoutAnotherOfferedTransportTheCutFailsBothSides() {
    VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(mqtt).scheduler(vts).session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    WalletSession wallet = wallet().session(engagement);

    StepVerifier.withVirtualTime(() -> outcomes(verifier, wallet), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .thenAwait(TICK)
        .then(() -> hub.cut(verifier.sessionId(), TransportType.MQTT))
        .thenAwait(TICK)
        .assertNext(SwitchOverTest::failedByTheCut)
        .assertNext(SwitchOverTest::failedByTheCut)
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void withSwitchOverDisabledTheCutFailsBothSides() {
    VerifierSession verifier = verifier().switchOver(false).session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    WalletSession wallet = wallet().switchOver(false).session(engagement);

    StepVerifier.withVirtualTime(() -> outcomes(verifier, wallet), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .thenAwait(TICK)
        .then(() -> hub.cut(verifier.sessionId(), TransportType.MQTT))
        .thenAwait(TICK)
        .assertNext(SwitchOverTest::failedByTheCut)
        .assertNext(SwitchOverTest::failedByTheCut)
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void aWalletThatDoesNotComeBackFailsTheVerifierAfterTheSwitchOverWindow() {
    VerifierSession verifier = verifier().session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    WalletSession wallet = Wallet.create(r -> decision.asMono()).transport(mqtt).scheduler(vts).session(engagement);

    StepVerifier.withVirtualTime(() -> outcomes(verifier, wallet), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .thenAwait(TICK)
        .then(() -> hub.cut(verifier.sessionId(), TransportType.MQTT))
        .thenAwait(TICK)
        .assertNext(SwitchOverTest::failedByTheCut)
        .expectNoEvent(VerifierTimeouts.DEFAULT_SWITCH_OVER.minus(TICK.multipliedBy(2)))
        .thenAwait(TICK)
        .assertNext(o -> {
          VerifierOutcome v = (VerifierOutcome) o;
          assertThat(v.state()).isEqualTo(VerifierState.FAILED);
          assertThat(v.failure()).isInstanceOf(SwitchOverFailedException.class).hasCauseInstanceOf(TransportClosedException.class)
              .hasMessageContaining("did not come back on [BLE]");
        })
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void aVerifierThatDoesNotComeBackFailsTheWalletAfterTheSwitchOverWindow() {
    // The verifier offered BLE but can no longer listen there.
    VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(mqtt).transport(ble).scheduler(vts).switchOver(false)
        .session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    WalletSession wallet = wallet().session(engagement);

    StepVerifier.withVirtualTime(() -> outcomes(verifier, wallet), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .thenAwait(TICK)
        .then(() -> hub.cut(verifier.sessionId(), TransportType.MQTT))
        .thenAwait(TICK)
        .assertNext(SwitchOverTest::failedByTheCut)
        .thenAwait(WalletTimeouts.DEFAULT_SWITCH_OVER)
        .assertNext(o -> {
          WalletOutcome w = (WalletOutcome) o;
          assertThat(w.state()).isEqualTo(WalletState.FAILED);
          assertThat(w.failure()).isInstanceOf(SwitchOverFailedException.class).hasCauseInstanceOf(TransportClosedException.class);
        })
        .expectComplete()
        .verify(WAIT);
  }

  static void failedByTheCut(Object outcome) {
    Throwable failure = outcome instanceof VerifierOutcome v ? v.failure() : ((WalletOutcome) outcome).failure();
    SessionState state = outcome instanceof VerifierOutcome v ? v.state() : ((WalletOutcome) outcome).state();
    assertThat(state.name()).as(String.valueOf(outcome)).isEqualTo("FAILED");
    assertThat(failure).isInstanceOf(TransportClosedException.class).hasMessageContaining("cut");
  }
}
