package io.proxima.oid4vp;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.engagement.Engagement;
import io.proxima.engagement.TransportType;
import io.proxima.error.TransportClosedException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.oid4vp.error.SessionCancelledException;
import io.proxima.oid4vp.error.SessionCancelledException.Initiator;
import io.proxima.oid4vp.testing.Fixtures;
import io.proxima.oid4vp.testing.RecordingWalletTransport;
import io.proxima.transport.memory.Faults;
import io.proxima.transport.memory.InMemoryHub;
import io.proxima.transport.memory.InMemoryTransport;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Cancel from either side: what the other side sees, and that nothing is left behind. */
class CancelTest {

  static final Duration WAIT = Duration.ofSeconds(10);

  final InMemoryHub hub = InMemoryHub.create();
  final InMemoryTransport mqtt = InMemoryTransport.create(hub);
  final InMemoryTransport ble = InMemoryTransport.create(hub).type(TransportType.BLE);

  @AfterEach
  void nothingLeaks() {
    assertThat(hub.activeSessions()).as("sessions left on the hub").isZero();
  }

  static void awaitState(WalletSession session, WalletState state) {
    session.states().filter(c -> c.state() == state).blockFirst(WAIT);
    assertThat(session.currentState()).isEqualTo(state);
  }

  static void awaitState(VerifierSession session, VerifierState state) {
    session.states().filter(c -> c.state() == state).blockFirst(WAIT);
    assertThat(session.currentState()).isEqualTo(state);
  }

  static void cancelledBy(Throwable failure, Initiator initiator) {
    assertThat(failure).isInstanceOfSatisfying(SessionCancelledException.class, e -> assertThat(e.initiator()).isEqualTo(initiator));
  }

  @Test
  void aBleVerifierThatCancelsNotifiesDisconnectAndTheWalletEndsCancelled() {
    VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(ble).session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    RecordingWalletTransport recording = RecordingWalletTransport.of(ble);
    WalletSession wallet = Wallet.create(r -> Mono.never()).transport(recording).session(engagement).start();
    awaitState(wallet, WalletState.REQUEST_RECEIVED);
    awaitState(verifier, VerifierState.REQUESTED);

    StepVerifier.create(verifier.cancel()).expectComplete().verify(WAIT);

    VerifierOutcome v = verifier.result().block(WAIT);
    assertThat(v.state()).isEqualTo(VerifierState.CANCELLED);
    cancelledBy(v.failure(), Initiator.LOCAL);
    WalletOutcome w = wallet.result().block(WAIT);
    assertThat(w.state()).isEqualTo(WalletState.CANCELLED);
    cancelledBy(w.failure(), Initiator.PEER);
    assertThat(recording.received()).contains(Frame.empty(FrameKind.DISCONNECT));
  }

  @Test
  void anMqttVerifierThatCancelsOnlyUnsubscribes() {
    VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(mqtt).session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    RecordingWalletTransport recording = RecordingWalletTransport.of(mqtt);
    WalletSession wallet = Wallet.create(r -> Mono.never()).transport(recording).session(engagement).start();
    awaitState(wallet, WalletState.REQUEST_RECEIVED);

    verifier.cancel().block(WAIT);
    assertThat(verifier.result().block(WAIT).state()).isEqualTo(VerifierState.CANCELLED);
    assertThat(hub.activeSessions()).isZero();
    // MQTT has no Disconnect: the wallet learns nothing and would wait for its consent timeout.
    assertThat(wallet.currentState()).isEqualTo(WalletState.REQUEST_RECEIVED);
    assertThat(recording.received()).noneMatch(f -> f.kind() == FrameKind.DISCONNECT);
    wallet.cancel().block(WAIT);
    cancelledBy(wallet.result().block(WAIT).failure(), Initiator.LOCAL);
  }

  @Test
  void aBleWalletThatCancelsIsLinkLossForTheVerifier() {
    VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(ble).session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    WalletSession wallet = Wallet.create(r -> Mono.never()).transport(ble).session(engagement).start();
    awaitState(wallet, WalletState.REQUEST_RECEIVED);

    wallet.cancel().block(WAIT);
    WalletOutcome w = wallet.result().block(WAIT);
    assertThat(w.state()).isEqualTo(WalletState.CANCELLED);
    cancelledBy(w.failure(), Initiator.LOCAL);
    VerifierOutcome v = verifier.result().block(WAIT);
    // Only BLE was offered, so there is nothing to switch over to.
    assertThat(v.state()).isEqualTo(VerifierState.FAILED);
    assertThat(v.failure()).isInstanceOf(TransportClosedException.class);
  }

  @Test
  void anMqttWalletThatCancelsLeavesTheVerifierWaiting() {
    VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(mqtt).session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    WalletSession wallet = Wallet.create(r -> Mono.never()).transport(mqtt).session(engagement).start();
    awaitState(wallet, WalletState.REQUEST_RECEIVED);
    wallet.cancel().block(WAIT);
    assertThat(wallet.result().block(WAIT).state()).isEqualTo(WalletState.CANCELLED);
    assertThat(verifier.currentState()).isEqualTo(VerifierState.REQUESTED);
    verifier.cancel().block(WAIT);
    assertThat(verifier.result().block(WAIT).state()).isEqualTo(VerifierState.CANCELLED);
  }

  @Test
  void cancellingWhileEngagedClosesEveryListener() {
    VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(mqtt).transport(ble).session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    assertThat(engagement.mqtt()).isPresent();
    assertThat(engagement.ble()).isPresent();
    assertThat(hub.activeSessions()).isEqualTo(2);
    verifier.cancel().block(WAIT);
    VerifierOutcome v = verifier.result().block(WAIT);
    assertThat(v.state()).isEqualTo(VerifierState.CANCELLED);
    assertThat(v.timeline()).extracting(StateChange::state).containsExactly(VerifierState.CREATED, VerifierState.ENGAGED, VerifierState.CANCELLED);
  }

  @Test
  void cancellingBeforeStartTouchesNoTransport() {
    VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(mqtt).session(Fixtures.pidQuery());
    verifier.cancel().block(WAIT);
    assertThat(verifier.result().block(WAIT).state()).isEqualTo(VerifierState.CANCELLED);
    StepVerifier.create(verifier.engagement()).expectError(SessionCancelledException.class).verify(WAIT);
    assertThat(hub.activeSessions()).isZero();

    WalletSession wallet = Wallet.create(Fixtures.presentingPid()).transport(mqtt)
        .session(Engagement.builder().key(new byte[32]).ble(new io.proxima.engagement.BleEndpoint("abcdEFGH")).build());
    wallet.dispose();
    assertThat(wallet.result().block(WAIT).state()).isEqualTo(WalletState.CANCELLED);
    assertThat(wallet.isDisposed()).isTrue();
  }

  @Test
  void disposingTheSessionCancelsIt() {
    VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(ble).session(Fixtures.pidQuery());
    verifier.engagement().block(WAIT);
    verifier.dispose();
    assertThat(verifier.result().block(WAIT).state()).isEqualTo(VerifierState.CANCELLED);
    assertThat(verifier.isDisposed()).isTrue();
  }

  @Test
  void cancellingAResultSubscriptionDoesNotCancelTheSession() {
    VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(mqtt).session(Fixtures.pidQuery());
    Disposable subscription = verifier.result().subscribe();
    Engagement engagement = verifier.engagement().block(WAIT);
    subscription.dispose();
    WalletOutcome w = Wallet.create(Fixtures.presentingPid()).transport(mqtt).session(engagement).result().block(WAIT);
    assertThat(w.state()).isEqualTo(WalletState.SUBMITTED);
    assertThat(verifier.result().block(WAIT).state()).isEqualTo(VerifierState.ACCEPTED);
  }

  @Test
  void cancellingAfterTheEndChangesNothing() {
    VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(mqtt).session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    Wallet.create(Fixtures.presentingPid()).transport(mqtt).session(engagement).result().block(WAIT);
    assertThat(verifier.result().block(WAIT).state()).isEqualTo(VerifierState.ACCEPTED);
    verifier.cancel().block(WAIT);
    assertThat(verifier.result().block(WAIT).state()).isEqualTo(VerifierState.ACCEPTED);
    assertThat(verifier.currentState()).isEqualTo(VerifierState.ACCEPTED);
  }

  @Test
  void aWalletCancelledWhileConnectingReleasesTheConnection() {
    VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(mqtt).session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    InMemoryTransport slow = mqtt.faults(Faults.none().withSetupDelay(Duration.ofMillis(300)));
    WalletSession wallet = Wallet.create(Fixtures.presentingPid()).transport(slow).session(engagement).start();
    awaitState(wallet, WalletState.CONNECTING);
    wallet.cancel().block(WAIT);
    assertThat(wallet.result().block(WAIT).state()).isEqualTo(WalletState.CANCELLED);
    Mono.delay(Duration.ofMillis(400)).block(WAIT);
    assertThat(hub.walletCount(verifier.sessionId(), TransportType.MQTT)).isZero();
    verifier.cancel().block(WAIT);
  }
}
