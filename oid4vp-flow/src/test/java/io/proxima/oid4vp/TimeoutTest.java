package io.proxima.oid4vp;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.engagement.Engagement;
import io.proxima.engagement.TransportType;
import io.proxima.error.SessionTimeoutException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.oid4vp.testing.Fixtures;
import io.proxima.oid4vp.testing.RecordingWalletTransport;
import io.proxima.oid4vp.testing.TamperingVerifierTransport;
import io.proxima.transport.ForwardingFrameConnection;
import io.proxima.transport.memory.Faults;
import io.proxima.transport.memory.InMemoryHub;
import io.proxima.transport.memory.InMemoryTransport;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Every wait of both sessions times out, in virtual time, into EXPIRED with a {@link
 * SessionTimeoutException} naming what was awaited. Each test is one virtual-time script over the
 * outcomes of both sides, so that the exact moment of each expiry is checked.
 */
class TimeoutTest {

  static final Duration WAIT = Duration.ofSeconds(10);
  static final Duration TICK = Duration.ofMillis(1);

  final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
  final InMemoryHub hub = InMemoryHub.create();
  final InMemoryTransport mqtt = InMemoryTransport.create(hub).scheduler(vts);

  @AfterEach
  void nothingLeaks() {
    assertThat(hub.activeSessions()).as("sessions left on the hub").isZero();
  }

  Verifier verifier() {
    return Verifier.create(Fixtures.SIGNER).transport(mqtt).scheduler(vts);
  }

  Wallet wallet() {
    return Wallet.create(Fixtures.presentingPid()).transport(mqtt).scheduler(vts);
  }

  /** Both outcomes, in the order they happen. */
  static Flux<Object> outcomes(VerifierSession verifier, WalletSession wallet) {
    return Flux.merge(verifier.result(), wallet.result());
  }

  static Consumer<Object> verifierExpired(String awaited, Duration timeout) {
    return o -> {
      assertThat(o).as(String.valueOf(o)).isInstanceOf(VerifierOutcome.class);
      VerifierOutcome v = (VerifierOutcome) o;
      assertThat(v.state()).as(v.toString()).isEqualTo(VerifierState.EXPIRED);
      assertThat(v.failure()).isInstanceOfSatisfying(SessionTimeoutException.class, e -> {
        assertThat(e.awaited()).isEqualTo(awaited);
        assertThat(e.timeout()).isEqualTo(timeout);
        assertThat(e.sessionId()).contains(v.sessionId());
      });
    };
  }

  static Consumer<Object> walletExpired(String awaited, Duration timeout) {
    return o -> {
      assertThat(o).as(String.valueOf(o)).isInstanceOf(WalletOutcome.class);
      WalletOutcome w = (WalletOutcome) o;
      assertThat(w.state()).as(w.toString()).isEqualTo(WalletState.EXPIRED);
      assertThat(w.failure()).isInstanceOfSatisfying(SessionTimeoutException.class, e -> {
        assertThat(e.awaited()).isEqualTo(awaited);
        assertThat(e.timeout()).isEqualTo(timeout);
      });
    };
  }

  static Consumer<Object> inState(SessionState state) {
    return o -> assertThat(o instanceof VerifierOutcome v ? v.state() : ((WalletOutcome) o).state()).isEqualTo(state);
  }

  @Test
  void theEngagementExpiresWhenNoWalletComes() {
    VerifierSession session = verifier().session(Fixtures.pidQuery());
    StepVerifier.withVirtualTime(session::result, () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .expectNoEvent(VerifierTimeouts.DEFAULT_ENGAGEMENT.minus(TICK))
        .thenAwait(TICK)
        .assertNext(verifierExpired("a valid Identify", VerifierTimeouts.DEFAULT_ENGAGEMENT))
        .expectComplete()
        .verify(WAIT);
    StepVerifier.create(session.engagement()).expectNextCount(1).expectComplete().verify(WAIT);
  }

  @Test
  void theEngagementLifetimeIsConfigurable() {
    VerifierSession session = verifier().timeouts(VerifierTimeouts.DEFAULTS.withEngagement(Duration.ofSeconds(20))).session(Fixtures.pidQuery());
    StepVerifier.withVirtualTime(session::result, () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .expectNoEvent(Duration.ofSeconds(20).minus(TICK))
        .thenAwait(TICK)
        .assertNext(verifierExpired("a valid Identify", Duration.ofSeconds(20)))
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void aTransportThatDoesNotGetReadyExpiresTheSessionBeforeEngagement() {
    InMemoryTransport slow = mqtt.faults(Faults.none().withSetupDelay(Duration.ofMinutes(1)));
    VerifierSession session = Verifier.create(Fixtures.SIGNER).transport(slow).scheduler(vts).session(Fixtures.pidQuery());
    StepVerifier.withVirtualTime(() -> Flux.<Object>merge(session.engagement(), session.result()), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .expectNoEvent(VerifierTimeouts.DEFAULT_LISTEN.minus(TICK))
        .thenAwait(TICK)
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(SessionTimeoutException.class,
            t -> assertThat(t.awaited()).isEqualTo("listening on MQTT")))
        .verify(WAIT);
    StepVerifier.create(session.result())
        .assertNext(verifierExpired("listening on MQTT", VerifierTimeouts.DEFAULT_LISTEN)).expectComplete().verify(WAIT);
  }

  @Test
  void theVerifierExpiresWhenTheWalletNeverAnswers() {
    VerifierSession session = verifier().session(Fixtures.pidQuery());
    Engagement engagement = session.engagement().block(WAIT);
    WalletSession wallet = wallet().provider(r -> Mono.never())
        .timeouts(WalletTimeouts.DEFAULTS.withConsent(Duration.ofMinutes(10))).session(engagement);

    StepVerifier.withVirtualTime(() -> outcomes(session, wallet), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .thenAwait(TICK)
        .then(() -> assertThat(session.currentState()).isEqualTo(VerifierState.REQUESTED))
        .then(() -> assertThat(wallet.currentState()).isEqualTo(WalletState.REQUEST_RECEIVED))
        .expectNoEvent(VerifierTimeouts.DEFAULT_RESPONSE.minus(TICK.multipliedBy(2)))
        .thenAwait(TICK)
        .assertNext(verifierExpired("the wallet's response", VerifierTimeouts.DEFAULT_RESPONSE))
        .expectNoEvent(Duration.ofMinutes(4).minus(TICK))
        .thenAwait(TICK)
        .assertNext(walletExpired("the user's consent", Duration.ofMinutes(10)))
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void theWalletExpiresWhenTheRequestNeverComes() {
    InMemoryTransport dropsRequests = mqtt.faults(Faults.none().withDrop(f -> f.kind() == FrameKind.REQUEST));
    VerifierSession session = Verifier.create(Fixtures.SIGNER).transport(dropsRequests).scheduler(vts).session(Fixtures.pidQuery());
    Engagement engagement = session.engagement().block(WAIT);
    WalletSession wallet = wallet().session(engagement);

    StepVerifier.withVirtualTime(() -> outcomes(session, wallet), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .expectNoEvent(WalletTimeouts.DEFAULT_REQUEST.minus(TICK))
        .thenAwait(TICK)
        .assertNext(walletExpired("the request", WalletTimeouts.DEFAULT_REQUEST))
        .thenAwait(VerifierTimeouts.DEFAULT_RESPONSE)
        .assertNext(verifierExpired("the wallet's response", VerifierTimeouts.DEFAULT_RESPONSE))
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void theWalletExpiresWhenTheUserNeverDecides() {
    VerifierSession session = verifier().session(Fixtures.pidQuery());
    Engagement engagement = session.engagement().block(WAIT);
    WalletSession wallet = wallet().provider(r -> Mono.never()).session(engagement);

    StepVerifier.withVirtualTime(() -> outcomes(session, wallet), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .expectNoEvent(WalletTimeouts.DEFAULT_CONSENT.minus(TICK))
        .thenAwait(TICK)
        .assertNext(walletExpired("the user's consent", WalletTimeouts.DEFAULT_CONSENT))
        .thenAwait(Duration.ofMinutes(1))
        .assertNext(verifierExpired("the wallet's response", VerifierTimeouts.DEFAULT_RESPONSE))
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void theWalletExpiresWhenItCannotConnect() {
    VerifierSession session = verifier().session(Fixtures.pidQuery());
    Engagement engagement = session.engagement().block(WAIT);
    InMemoryTransport slow = mqtt.faults(Faults.none().withSetupDelay(Duration.ofMinutes(1)));
    WalletSession wallet = Wallet.create(Fixtures.presentingPid()).transport(slow).scheduler(vts).session(engagement);

    StepVerifier.withVirtualTime(() -> outcomes(session, wallet), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .expectNoEvent(WalletTimeouts.DEFAULT_CONNECT.minus(TICK))
        .thenAwait(TICK)
        .assertNext(walletExpired("connecting over MQTT", WalletTimeouts.DEFAULT_CONNECT))
        .then(() -> session.cancel().subscribe())
        .assertNext(inState(VerifierState.CANCELLED))
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void theVerifierExpiresWhenTheRequestIsNotDelivered() {
    TamperingVerifierTransport stuck = new TamperingVerifierTransport(mqtt, c -> new ForwardingFrameConnection(c) {
      @Override
      public Mono<Void> send(Publisher<Frame> frames) {
        return Flux.from(frames).then(Mono.never());
      }
    });
    VerifierSession session = Verifier.create(Fixtures.SIGNER).transport(stuck).scheduler(vts).session(Fixtures.pidQuery());
    Engagement engagement = session.engagement().block(WAIT);
    WalletSession wallet = wallet().timeouts(WalletTimeouts.DEFAULTS.withRequest(Duration.ofSeconds(45))).session(engagement);

    StepVerifier.withVirtualTime(() -> outcomes(session, wallet), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .expectNoEvent(VerifierTimeouts.DEFAULT_REQUEST_DELIVERY.minus(TICK))
        .thenAwait(TICK)
        .assertNext(verifierExpired("delivery of the request", VerifierTimeouts.DEFAULT_REQUEST_DELIVERY))
        .thenAwait(Duration.ofSeconds(15))
        .assertNext(walletExpired("the request", Duration.ofSeconds(45)))
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void theWalletExpiresWhenItsSubmissionIsNotDelivered() {
    VerifierSession session = verifier().timeouts(VerifierTimeouts.DEFAULTS.withResponse(Duration.ofMinutes(1))).session(Fixtures.pidQuery());
    Engagement engagement = session.engagement().block(WAIT);
    RecordingWalletTransport stuck = RecordingWalletTransport.of(mqtt).tampering(c -> new ForwardingFrameConnection(c) {
      @Override
      public Mono<Void> send(Publisher<Frame> frames) {
        return Flux.from(frames).concatMap(f -> f.kind() == FrameKind.SUBMISSION ? Mono.<Void>never() : delegate.send(f)).then();
      }
    });
    WalletSession wallet = Wallet.create(Fixtures.presentingPid()).transport(stuck).scheduler(vts).session(engagement);

    StepVerifier.withVirtualTime(() -> outcomes(session, wallet), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .expectNoEvent(WalletTimeouts.DEFAULT_SUBMIT)
        .thenAwait(TICK)
        .assertNext(walletExpired("delivery of the submission", WalletTimeouts.DEFAULT_SUBMIT))
        .thenAwait(Duration.ofMinutes(1))
        .assertNext(verifierExpired("the wallet's response", Duration.ofMinutes(1)))
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void aValidatorThatNeverAnswersExpiresTheSession() {
    VerifierSession session = verifier().validator(c -> Mono.never()).session(Fixtures.pidQuery());
    Engagement engagement = session.engagement().block(WAIT);
    WalletSession wallet = wallet().session(engagement);

    StepVerifier.withVirtualTime(() -> outcomes(session, wallet), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .thenAwait(TICK)
        .assertNext(inState(WalletState.SUBMITTED))
        .expectNoEvent(VerifierTimeouts.DEFAULT_VALIDATION.minus(TICK.multipliedBy(2)))
        .thenAwait(TICK)
        .assertNext(verifierExpired("presentation validation", VerifierTimeouts.DEFAULT_VALIDATION))
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void everySessionEndsEvenWhenEveryFrameIsLost() {
    InMemoryTransport lossy = mqtt.faults(Faults.none().withLossRate(1.0));
    VerifierSession session = Verifier.create(Fixtures.SIGNER).transport(mqtt).transport(mqtt.type(TransportType.BLE)).scheduler(vts)
        .session(Fixtures.pidQuery());
    Engagement engagement = session.engagement().block(WAIT);
    WalletSession wallet = Wallet.create(Fixtures.presentingPid()).transport(lossy).transport(lossy.type(TransportType.BLE)).scheduler(vts)
        .session(engagement);

    // The wallet tries MQTT, then BLE, each for the request timeout; then the engagement lifetime ends.
    StepVerifier.withVirtualTime(() -> outcomes(session, wallet), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .expectNoEvent(WalletTimeouts.DEFAULT_REQUEST.multipliedBy(2).minus(TICK))
        .thenAwait(TICK)
        .assertNext(walletExpired("the request", WalletTimeouts.DEFAULT_REQUEST))
        .thenAwait(VerifierTimeouts.DEFAULT_ENGAGEMENT)
        .assertNext(verifierExpired("a valid Identify", VerifierTimeouts.DEFAULT_ENGAGEMENT))
        .expectComplete()
        .verify(WAIT);
  }
}
