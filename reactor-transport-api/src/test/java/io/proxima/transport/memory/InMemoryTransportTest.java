package io.proxima.transport.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.engagement.Engagement;
import io.proxima.engagement.MqttEndpoint;
import io.proxima.engagement.TransportType;
import io.proxima.error.BufferOverflowException;
import io.proxima.error.FrameTooLargeException;
import io.proxima.error.ProtocolViolationException;
import io.proxima.error.TransportClosedException;
import io.proxima.error.TransportException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.SessionId;
import io.proxima.transport.ConnectionState;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.InboundIdentify;
import io.proxima.transport.SessionListener;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class InMemoryTransportTest {

  static final Duration WAIT = Duration.ofSeconds(5);
  static final byte[] KEY = new byte[32];

  final InMemoryHub hub = InMemoryHub.create();
  final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void closeEverything() throws Exception {
    for (AutoCloseable c : cleanup) {
      c.close();
    }
  }

  @Test
  void fullExchangeOverAnMqttLikeHub() {
    InMemoryTransport transport = InMemoryTransport.create(hub);
    SessionId id = SessionId.random();
    SessionListener listener = transport.listen(id).block(WAIT);
    assertThat(listener.endpoint()).isInstanceOf(MqttEndpoint.class);
    assertThat(((MqttEndpoint) listener.endpoint()).topicId()).isEqualTo(id.uuid());

    FrameConnection wallet = transport.connect(engagementFor(listener)).block(WAIT);
    assertThat(wallet.sessionId()).isEqualTo(id);
    StepVerifier.create(wallet.send(identify((byte) 1))).verifyComplete();

    InboundIdentify attempt = listener.identifies().blockFirst(WAIT);
    assertThat(attempt.frame()).isEqualTo(identify((byte) 1));
    FrameConnection verifier = attempt.accept().block(WAIT);
    StepVerifier.create(listener.identifies()).verifyComplete();

    StepVerifier.create(verifier.send(frame(FrameKind.REQUEST, "req"))).verifyComplete();
    StepVerifier.create(wallet.receive().take(1)).expectNext(frame(FrameKind.REQUEST, "req")).verifyComplete();
    StepVerifier.create(wallet.send(frame(FrameKind.SUBMISSION, "vp"))).verifyComplete();
    StepVerifier.create(verifier.receive().take(1)).expectNext(frame(FrameKind.SUBMISSION, "vp")).verifyComplete();

    StepVerifier.create(verifier.close()).verifyComplete();
    StepVerifier.create(wallet.close()).verifyComplete();
    assertThat(verifier.currentState()).isEqualTo(ConnectionState.CLOSED);
    StepVerifier.create(verifier.state()).expectNext(ConnectionState.CLOSED).verifyComplete();
    StepVerifier.create(verifier.onClose()).verifyComplete();
    assertThat(hub.activeSessions()).isZero();
  }

  @Test
  void mqttLikeHubFansOutToEveryWalletOnTheTopic() {
    InMemoryTransport transport = InMemoryTransport.create(hub);
    SessionListener listener = transport.listen(SessionId.random()).block(WAIT);
    FrameConnection wallet = transport.connect(engagementFor(listener)).block(WAIT);
    FrameConnection bystander = transport.connect(engagementFor(listener)).block(WAIT);
    wallet.send(identify((byte) 1)).block(WAIT);
    FrameConnection verifier = listener.identifies().blockFirst(WAIT).accept().block(WAIT);

    verifier.send(frame(FrameKind.REQUEST, "req")).block(WAIT);
    StepVerifier.create(wallet.receive().take(1)).expectNextCount(1).verifyComplete();
    StepVerifier.create(bystander.receive().take(1)).expectNextCount(1).verifyComplete();
    // Like MQTT, anyone on the topic can publish to the verifier: the session must authenticate.
    bystander.send(frame(FrameKind.SUBMISSION, "forged")).block(WAIT);
    StepVerifier.create(verifier.receive().take(1)).expectNext(frame(FrameKind.SUBMISSION, "forged")).verifyComplete();
    verifier.close().block(WAIT);
  }

  @Test
  void bleLikeHubTalksOnlyToTheAcceptedWalletAndDropsRejectionPayloads() {
    InMemoryTransport transport = InMemoryTransport.create(hub).type(TransportType.BLE);
    SessionListener listener = transport.listen(SessionId.random()).block(WAIT);
    assertThat(listener.endpoint().type()).isEqualTo(TransportType.BLE);
    Engagement engagement = engagementFor(listener);
    FrameConnection wallet = transport.connect(engagement).block(WAIT);
    FrameConnection intruder = transport.connect(engagement).block(WAIT);
    assertThat(wallet.capabilities().rejectionCarriesPayload()).isFalse();
    assertThat(wallet.capabilities().signalsDisconnect()).isTrue();

    wallet.send(identify((byte) 1)).block(WAIT);
    FrameConnection verifier = listener.identifies().blockFirst(WAIT).accept().block(WAIT);
    // Once bound, the GATT server drops every other central.
    StepVerifier.create(intruder.receive()).expectError(TransportClosedException.class).verify(WAIT);
    StepVerifier.create(intruder.send(frame(FrameKind.SUBMISSION, "forged"))).verifyError(TransportClosedException.class);

    wallet.send(frame(FrameKind.REJECTION, "ignored-on-ble")).block(WAIT);
    StepVerifier.create(verifier.receive().take(1)).expectNext(Frame.empty(FrameKind.REJECTION)).verifyComplete();
    verifier.send(frame(FrameKind.REQUEST, "req")).block(WAIT);
    StepVerifier.create(wallet.receive().take(1)).expectNextCount(1).verifyComplete();
    verifier.close().block(WAIT);
  }

  @Test
  void bleVerifierCloseNotifiesDisconnectAndTheWalletEndsNormally() {
    InMemoryTransport transport = InMemoryTransport.create(hub).type(TransportType.BLE);
    Pair pair = connect(transport, transport);
    StepVerifier.create(pair.verifier.close()).verifyComplete();
    StepVerifier.create(pair.wallet.receive()).expectNext(Frame.empty(FrameKind.DISCONNECT)).expectComplete().verify(WAIT);
    StepVerifier.create(pair.wallet.onClose()).expectComplete().verify(WAIT);
  }

  @Test
  void bleWalletDisconnectIsLinkLossForTheVerifierAfterItsLastFrame() {
    InMemoryTransport transport = InMemoryTransport.create(hub).type(TransportType.BLE);
    Pair pair = connect(transport, transport);
    pair.wallet.send(frame(FrameKind.SUBMISSION, "vp")).then(pair.wallet.close()).block(WAIT);
    StepVerifier.create(pair.verifier.receive())
        .expectNext(frame(FrameKind.SUBMISSION, "vp"))
        .expectError(TransportClosedException.class)
        .verify(WAIT);
  }

  @Test
  void lostFramesNeverArrive() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    InMemoryTransport verifierSide = InMemoryTransport.create(hub).scheduler(vts)
        .faults(Faults.none().withDrop(f -> f.kind() == FrameKind.REQUEST));
    Pair pair = connect(verifierSide, InMemoryTransport.create(hub).scheduler(vts), vts);
    StepVerifier.withVirtualTime(() -> pair.verifier.send(frame(FrameKind.REQUEST, "r"))
            .thenMany(pair.wallet.receive().timeout(Duration.ofSeconds(30), vts)), () -> vts, Long.MAX_VALUE)
        .thenAwait(Duration.ofSeconds(30))
        .expectError(TimeoutException.class)
        .verify(WAIT);
  }

  @Test
  void fixedDelayHoldsFramesInVirtualTime() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    InMemoryTransport slow = InMemoryTransport.create(hub).scheduler(vts).faults(Faults.none().withDelay(Duration.ofSeconds(10)));
    Pair pair = connect(slow, InMemoryTransport.create(hub).scheduler(vts), vts);
    StepVerifier.withVirtualTime(() -> pair.verifier.send(frame(FrameKind.REQUEST, "r")).thenMany(pair.wallet.receive().take(1)), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .expectNoEvent(Duration.ofSeconds(9))
        .thenAwait(Duration.ofSeconds(1))
        .expectNext(frame(FrameKind.REQUEST, "r"))
        .verifyComplete();
  }

  @Test
  void duplicationDeliversTwice() {
    InMemoryTransport dup = InMemoryTransport.create(hub).faults(Faults.none().withDuplicateRate(1));
    Pair pair = connect(dup, InMemoryTransport.create(hub));
    pair.verifier.send(frame(FrameKind.REQUEST, "r")).block(WAIT);
    StepVerifier.create(pair.wallet.receive().take(2))
        .expectNext(frame(FrameKind.REQUEST, "r"), frame(FrameKind.REQUEST, "r"))
        .verifyComplete();
  }

  @Test
  void reorderingLetsLaterFramesOvertakeButLosesNothing() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    InMemoryTransport shuffling = InMemoryTransport.create(hub).scheduler(vts).inboundCapacity(256)
        .faults(Faults.none().withReordering(0.5, Duration.ofMillis(5)).withDelay(Duration.ofMillis(1)));
    Pair pair = connect(InMemoryTransport.create(hub).scheduler(vts).inboundCapacity(256), shuffling, vts);
    List<Frame> sent = IntStream.range(0, 100).mapToObj(i -> frame(FrameKind.SUBMISSION, "f" + i)).toList();
    pair.wallet.send(Flux.fromIterable(sent)).block(WAIT);
    vts.advanceTimeBy(Duration.ofSeconds(1));
    List<Frame> received = pair.verifier.receive().take(100).collectList().block(WAIT);
    assertThat(received).containsExactlyInAnyOrderElementsOf(sent).isNotEqualTo(sent);
  }

  @Test
  void disconnectAfterFramesCutsBothEnds() {
    InMemoryTransport flaky = InMemoryTransport.create(hub).faults(Faults.none().withDisconnectAfterFrames(2));
    Pair pair = connect(flaky, flaky);
    pair.verifier.send(frame(FrameKind.REQUEST, "r")).block(WAIT);
    StepVerifier.create(pair.wallet.receive()).expectNextCount(1).expectError(TransportClosedException.class).verify(WAIT);
    StepVerifier.create(pair.verifier.onClose()).expectError(TransportClosedException.class).verify(WAIT);
    assertThat(hub.activeSessions()).isZero();
  }

  @Test
  void interruptionHoldsFramesUntilResumed() {
    InMemoryTransport transport = InMemoryTransport.create(hub);
    Pair pair = connect(transport, transport);
    SessionId id = pair.verifier.sessionId();
    hub.interrupt(id, TransportType.MQTT);
    assertThat(pair.wallet.currentState()).isEqualTo(ConnectionState.INTERRUPTED);
    pair.verifier.send(frame(FrameKind.REQUEST, "r")).block(WAIT);
    StepVerifier.create(pair.wallet.receive().take(1).timeout(Duration.ofMillis(300))).verifyError(TimeoutException.class);
    hub.resume(id, TransportType.MQTT);
    StepVerifier.create(pair.wallet.state().take(1)).expectNext(ConnectionState.OPEN).verifyComplete();
  }

  @Test
  void framesSentDuringInterruptionArriveAfterResume() {
    InMemoryTransport transport = InMemoryTransport.create(hub);
    Pair pair = connect(transport, transport);
    SessionId id = pair.verifier.sessionId();
    hub.interrupt(id, TransportType.MQTT);
    pair.verifier.send(frame(FrameKind.REQUEST, "r")).block(WAIT);
    StepVerifier.create(pair.wallet.receive().take(1))
        .then(() -> hub.resume(id, TransportType.MQTT))
        .expectNext(frame(FrameKind.REQUEST, "r"))
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void anInboundFloodFailsOnlyThatSession() {
    InMemoryTransport small = InMemoryTransport.create(hub).inboundCapacity(4);
    Pair flooded = connect(small, small);
    Pair bystander = connect(small, small);
    flooded.wallet.send(Flux.range(0, 50).map(i -> frame(FrameKind.SUBMISSION, "x" + i))).block(WAIT);
    StepVerifier.create(flooded.verifier.onClose()).expectError(BufferOverflowException.class).verify(WAIT);
    StepVerifier.create(flooded.verifier.receive()).expectNextCount(4).expectError(BufferOverflowException.class).verify(WAIT);

    bystander.wallet.send(frame(FrameKind.SUBMISSION, "fine")).block(WAIT);
    StepVerifier.create(bystander.verifier.receive().take(1)).expectNext(frame(FrameKind.SUBMISSION, "fine")).verifyComplete();
    assertThat(bystander.verifier.currentState()).isEqualTo(ConnectionState.OPEN);
  }

  @Test
  void anIdentifyFloodIsDroppedWithoutFailingTheListener() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    InMemoryTransport transport = InMemoryTransport.create(hub).scheduler(vts);
    SessionListener listener = transport.listen(SessionId.random()).block(WAIT);
    FrameConnection attacker = transport.connect(engagementFor(listener)).block(WAIT);
    attacker.send(Flux.range(0, 100).map(i -> identify(i.byteValue()))).block(WAIT);
    vts.advanceTime();
    assertThat(((MemoryListener) listener).droppedIdentifies()).isEqualTo(100 - 32);
    StepVerifier.create(listener.identifies().take(32)).expectNextCount(32).verifyComplete();
    assertThat(listener.state().blockFirst(WAIT)).isEqualTo(ConnectionState.OPEN);
    // The buffer has room again: a legitimate Identify gets through.
    attacker.send(identify((byte) 42)).block(WAIT);
    vts.advanceTime();
    StepVerifier.create(listener.identifies().take(1)).expectNextMatches(i -> i.frame().payload()[0] == 42).verifyComplete();
    listener.close().block(WAIT);
    assertThat(hub.activeSessions()).isZero();
  }

  @Test
  void invalidSendsFailWithoutClosingTheConnection() {
    InMemoryTransport transport = InMemoryTransport.create(hub).maxFrameSize(64);
    Pair pair = connect(transport, transport);
    StepVerifier.create(pair.wallet.send(frame(FrameKind.REQUEST, "wrong side"))).verifyError(ProtocolViolationException.class);
    StepVerifier.create(pair.verifier.send(Frame.empty(FrameKind.DISCONNECT))).verifyError(ProtocolViolationException.class);
    StepVerifier.create(pair.wallet.send(Frame.of(FrameKind.SUBMISSION, new byte[65])))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(FrameTooLargeException.class).hasMessageContaining("65 bytes"))
        .verify(WAIT);
    assertThat(pair.wallet.currentState()).isEqualTo(ConnectionState.OPEN);
    pair.verifier.close().block(WAIT);
    StepVerifier.create(pair.verifier.send(frame(FrameKind.REQUEST, "late"))).verifyError(TransportClosedException.class);
  }

  @Test
  void acceptingTwiceIsAProtocolViolation() {
    InMemoryTransport transport = InMemoryTransport.create(hub);
    SessionListener listener = transport.listen(SessionId.random()).block(WAIT);
    FrameConnection wallet = transport.connect(engagementFor(listener)).block(WAIT);
    wallet.send(Flux.just(identify((byte) 1), identify((byte) 2))).block(WAIT);
    List<InboundIdentify> attempts = listener.identifies().take(2).collectList().block(WAIT);
    FrameConnection verifier = attempts.get(0).accept().block(WAIT);
    StepVerifier.create(attempts.get(1).accept()).verifyError(ProtocolViolationException.class);
    verifier.close().block(WAIT);
  }

  @Test
  void closingAListenerUnregistersAndLateWalletsAreRefused() {
    InMemoryTransport transport = InMemoryTransport.create(hub);
    SessionListener listener = transport.listen(SessionId.random()).block(WAIT);
    Engagement engagement = engagementFor(listener);
    assertThat(hub.activeSessions()).isEqualTo(1);
    StepVerifier.create(listener.close()).verifyComplete();
    StepVerifier.create(listener.identifies()).verifyComplete();
    assertThat(hub.activeSessions()).isZero();
    StepVerifier.create(transport.connect(engagement)).verifyError(TransportException.class);
  }

  @Test
  void setupDelayAndTimeoutsRunInVirtualTime() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    InMemoryTransport slow = InMemoryTransport.create(hub).scheduler(vts).faults(Faults.none().withSetupDelay(Duration.ofMinutes(1)));
    StepVerifier.withVirtualTime(() -> slow.listen(SessionId.random()).timeout(Duration.ofSeconds(30), vts), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(30))
        .expectError(TimeoutException.class)
        .verify(WAIT);
    assertThat(hub.activeSessions()).isZero();
  }

  @Test
  void injectedSetupFailureIsATransportException() {
    InMemoryTransport broken = InMemoryTransport.create(hub).faults(Faults.none().withFailingSetup(true));
    StepVerifier.create(broken.listen(SessionId.random())).verifyError(TransportException.class);
    SessionListener listener = InMemoryTransport.create(hub).listen(SessionId.random()).block(WAIT);
    StepVerifier.create(broken.connect(engagementFor(listener))).verifyError(TransportException.class);
    listener.close().block(WAIT);
  }

  @Test
  void engagementWithoutThisTransportIsRefused() {
    SessionListener listener = InMemoryTransport.create(hub).listen(SessionId.random()).block(WAIT);
    StepVerifier.create(InMemoryTransport.create(hub).type(TransportType.BLE).connect(engagementFor(listener)))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TransportException.class).hasMessageContaining("does not offer BLE"))
        .verify(WAIT);
    StepVerifier.create(InMemoryTransport.create(InMemoryHub.create()).connect(engagementFor(listener)))
        .verifyError(TransportException.class);
    listener.close().block(WAIT);
  }

  @Test
  void cuttingASessionFailsItsListener() {
    SessionId id = SessionId.random();
    SessionListener listener = InMemoryTransport.create(hub).listen(id).block(WAIT);
    hub.cut(id);
    StepVerifier.create(listener.identifies()).verifyError(TransportClosedException.class);
    assertThat(hub.activeSessions()).isZero();
  }

  @Test
  void aSessionCanListenAgainAtTheEndpointItHandedOut() {
    InMemoryTransport ble = InMemoryTransport.create(hub).type(TransportType.BLE);
    SessionId id = SessionId.random();
    SessionListener first = ble.listen(id).block(WAIT);
    Engagement engagement = engagementFor(first);
    first.close().block(WAIT);

    SessionListener again = ble.listen(id, first.endpoint()).block(WAIT);
    assertThat(again.endpoint()).isEqualTo(first.endpoint());
    FrameConnection wallet = ble.connect(engagement).block(WAIT);
    wallet.send(identify((byte) 3)).block(WAIT);
    StepVerifier.create(again.identifies().take(1)).expectNextCount(1).verifyComplete();
    again.close().block(WAIT);

    StepVerifier.create(InMemoryTransport.create(hub).listen(id, first.endpoint()))
        .verifyErrorSatisfies(e -> assertThat(e).isInstanceOf(TransportException.class).hasMessageContaining("BLE endpoint"));
    MqttEndpoint otherTopic = new MqttEndpoint(URI.create("memory://" + hub.name() + ":1883"), UUID.randomUUID());
    StepVerifier.create(InMemoryTransport.create(hub).listen(id, otherTopic)).verifyError(TransportException.class);
  }

  // ---- helpers

  record Pair(FrameConnection verifier, FrameConnection wallet) {}

  private Pair connect(InMemoryTransport verifierSide, InMemoryTransport walletSide) {
    return connect(verifierSide, walletSide, null);
  }

  private Pair connect(InMemoryTransport verifierSide, InMemoryTransport walletSide, VirtualTimeScheduler vts) {
    SessionListener listener = verifierSide.listen(SessionId.random()).block(WAIT);
    FrameConnection wallet = walletSide.connect(engagementFor(listener)).block(WAIT);
    Mono<InboundIdentify> first = listener.identifies().next();
    wallet.send(identify((byte) 7)).block(WAIT);
    if (vts != null) {
      vts.advanceTimeBy(Duration.ofSeconds(1));
    }
    FrameConnection verifier = first.block(WAIT).accept().block(WAIT);
    cleanup.add(() -> verifier.close().block(WAIT));
    cleanup.add(() -> wallet.close().block(WAIT));
    return new Pair(verifier, wallet);
  }

  private static Engagement engagementFor(SessionListener listener) {
    return Engagement.builder().key(KEY).endpoint(listener.endpoint()).build();
  }

  private static Frame identify(byte b) {
    byte[] bytes = new byte[45];
    bytes[0] = b;
    bytes[44] = 2;
    return Frame.of(FrameKind.IDENTIFY, bytes);
  }

  private static Frame frame(FrameKind kind, String text) {
    return Frame.of(kind, text.getBytes());
  }
}
