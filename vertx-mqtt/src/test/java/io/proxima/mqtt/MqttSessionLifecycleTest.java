package io.proxima.mqtt;

import static io.proxima.mqtt.Draft00Exchange.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.error.BufferOverflowException;
import io.proxima.error.FrameTooLargeException;
import io.proxima.error.SessionTimeoutException;
import io.proxima.error.TransportClosedException;
import io.proxima.error.TransportException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.SessionId;
import io.proxima.mqtt.internal.BrokerConnection;
import io.proxima.mqtt.internal.InFlightWindow;
import io.proxima.testing.MosquittoBroker;
import io.proxima.transport.ConnectionState;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.SessionListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** How sessions end, what they leave behind, and what bad input does to them. */
class MqttSessionLifecycleTest {

  final MosquittoBroker broker = MosquittoBroker.shared();
  final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : cleanup) {
      c.close();
    }
  }

  MqttTransport transport() {
    return MqttTransport.create().broker(broker.url()).setupTimeout(Duration.ofSeconds(10)).sendTimeout(Duration.ofSeconds(10));
  }

  MqttGateway gateway(MqttTransport t) {
    MqttGateway g = t.connect().block(WAIT);
    cleanup.add(() -> g.close().block(WAIT));
    return g;
  }

  RawMqttClient raw() {
    RawMqttClient c = RawMqttClient.connect(broker.url());
    cleanup.add(c);
    return c;
  }

  /** A verifier connection and a wallet connection of one session, Identify accepted. */
  record Pair(SessionId id, FrameConnection verifier, FrameConnection wallet) {}

  Pair pair(MqttGateway verifierGateway, MqttGateway walletGateway) {
    Draft00Exchange.Verifier v = Draft00Exchange.listen(verifierGateway).block(WAIT);
    FrameConnection wallet = walletGateway.connect(v.engagement()).block(WAIT);
    wallet.send(Frame.of(FrameKind.IDENTIFY, MqttExchangeTest.validIdentify(v.engagement()))).block(WAIT);
    FrameConnection verifier = v.listener().identifies().next().flatMap(i -> i.accept()).block(WAIT);
    cleanup.add(() -> verifier.close().block(WAIT));
    cleanup.add(() -> wallet.close().block(WAIT));
    return new Pair(v.id(), verifier, wallet);
  }

  @ParameterizedTest
  @EnumSource(SubscriptionStrategy.class)
  void anEndedSessionIsUnsubscribedAndALaterPublishIsNotDelivered(SubscriptionStrategy strategy) {
    MqttGateway g = gateway(transport().subscriptionStrategy(strategy));
    RawMqttClient probe = raw();
    Draft00Exchange.Verifier ended = Draft00Exchange.listen(g).block(WAIT);
    Draft00Exchange.Verifier control = Draft00Exchange.listen(g).block(WAIT);
    StepVerifier.create(ended.listener().close()).expectComplete().verify(WAIT);
    long receivedBefore = g.stats().messagesReceived();

    for (String topic : MqttTopics.verifierTopics(ended.id())) {
      probe.publish(topic, "late".getBytes(StandardCharsets.US_ASCII));
    }
    // The control message goes out after the probes; when it has arrived, so would they have.
    probe.publish(MqttTopics.topic(control.id(), FrameKind.IDENTIFY), "control".getBytes(StandardCharsets.US_ASCII));
    assertThat(control.listener().identifies().blockFirst(WAIT).frame().payload()).isEqualTo("control".getBytes(StandardCharsets.US_ASCII));

    MqttStats stats = g.stats();
    if (strategy == SubscriptionStrategy.PER_SESSION) {
      // Unsubscribed at the broker: only the control message reached the client.
      assertThat(stats.messagesReceived() - receivedBefore).isEqualTo(1);
      assertThat(stats.subscriptions()).isEqualTo(3);
    } else {
      // One wildcard subscription: the broker delivers, the gateway drops what has no session.
      assertThat(stats.messagesReceived() - receivedBefore).isEqualTo(4);
      assertThat(stats.messagesUnroutable()).isEqualTo(3);
      assertThat(stats.subscriptions()).isEqualTo(1);
    }
    StepVerifier.create(ended.listener().identifies()).expectComplete().verify(WAIT);
    control.listener().close().block(WAIT);
    assertThat(g.stats().sessions()).isZero();
  }

  @Test
  void everyWayASessionEndsUnsubscribesItsTopics() {
    MqttGateway g = gateway(transport().sessionTimeout(Duration.ofSeconds(2)).inboundCapacity(2));
    MqttGateway w = gateway(transport());
    RawMqttClient attacker = raw();
    assertThat(g.stats().subscriptions()).isZero();

    // success and rejection
    for (FrameKind answer : List.of(FrameKind.SUBMISSION, FrameKind.REJECTION)) {
      Draft00Exchange.Verifier v = Draft00Exchange.listen(g).block(WAIT);
      var r = Mono.zip(Draft00Exchange.verifierSide(v), Draft00Exchange.walletSide(w, v.engagement(), answer, "x".getBytes(StandardCharsets.US_ASCII))).block(WAIT);
      r.getT1().connection().close().block(WAIT);
      r.getT2().connection().close().block(WAIT);
      assertThat(g.stats().subscriptions()).as("after " + answer).isZero();
      assertThat(w.stats().subscriptions()).as("wallet after " + answer).isZero();
    }

    // error: an inbound flood overflows the session's buffer
    Pair flooded = pair(g, w);
    for (int i = 0; i < 10; i++) {
      attacker.publish(MqttTopics.topic(flooded.id(), FrameKind.SUBMISSION), new byte[] {(byte) i});
    }
    StepVerifier.create(flooded.verifier().onClose()).expectError(BufferOverflowException.class).verify(WAIT);
    flooded.wallet().close().block(WAIT);
    awaitSubscriptions(g, 0);

    // timeout: nobody shows up within the session timeout
    SessionListener idle = g.listen(SessionId.random()).block(WAIT);
    assertThat(g.stats().subscriptions()).isEqualTo(3);
    StepVerifier.create(idle.identifies())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(SessionTimeoutException.class).hasMessageContaining("the session to end"))
        .verify(WAIT);
    awaitSubscriptions(g, 0);

    // cancel: the caller gives up on listen before it emits
    g.listen(SessionId.random()).timeout(Duration.ofNanos(1), Mono.empty()).block(WAIT);
    awaitSubscriptions(g, 0);
    assertThat(g.stats().sessions()).isZero();
  }

  @Test
  void aFloodOnOneSessionFailsOnlyThatSession() {
    MqttGateway g = gateway(transport().inboundCapacity(4));
    RawMqttClient attacker = raw();
    Pair flooded = pair(g, g);
    Pair bystander = pair(g, g);
    for (int i = 0; i < 200; i++) {
      attacker.publish(MqttTopics.topic(flooded.id(), FrameKind.SUBMISSION), new byte[] {(byte) i});
    }
    // Nobody reads the flooded session: its buffer overflows and only it fails.
    StepVerifier.create(flooded.verifier().onClose()).expectError(BufferOverflowException.class).verify(WAIT);
    StepVerifier.create(flooded.verifier().receive())
        .expectNextCount(4)
        .expectError(BufferOverflowException.class)
        .verify(WAIT);
    bystander.wallet().send(Frame.of(FrameKind.SUBMISSION, "fine".getBytes(StandardCharsets.US_ASCII))).block(WAIT);
    StepVerifier.create(bystander.verifier().receive().next())
        .expectNext(Frame.of(FrameKind.SUBMISSION, "fine".getBytes(StandardCharsets.US_ASCII)))
        .expectComplete()
        .verify(WAIT);
    assertThat(bystander.verifier().currentState()).isEqualTo(ConnectionState.OPEN);
    assertThat(g.currentState()).isEqualTo(MqttConnectionState.CONNECTED);
  }

  @Test
  void aFrameLargerThanMaxMessageSizeFailsTheSenderBeforeAnythingIsWritten() {
    MqttGateway g = gateway(transport().maxMessageSize(1024));
    RawMqttClient sniffer = raw().subscribe("#");
    Pair p = pair(g, g);
    sniffer.drain();
    long published = g.stats().framesPublished();
    StepVerifier.create(p.verifier().send(Frame.of(FrameKind.REQUEST, new byte[1025])))
        .expectErrorSatisfies(
            e -> assertThat(e).isInstanceOf(FrameTooLargeException.class).hasMessageContaining("1025 bytes").hasMessageContaining("1024"))
        .verify(WAIT);
    assertThat(g.stats().framesPublished()).isEqualTo(published);
    assertThat(p.verifier().currentState()).isEqualTo(ConnectionState.OPEN);
    p.verifier().send(Frame.of(FrameKind.REQUEST, new byte[1024])).block(WAIT);
    assertThat(sniffer.next(MqttTopics.walletTopic(p.id()), WAIT).payload()).hasSize(1024);
    assertThat(p.verifier().capabilities().maxFrameSize()).isEqualTo(1024);
  }

  @Test
  void anOversizeInboundMessageIsDroppedAndAHugeOneCostsAReconnectButNoSession() {
    MqttGateway g = gateway(transport().maxMessageSize(1024));
    RawMqttClient attacker = raw();
    Pair p = pair(g, g);
    String accept = MqttTopics.topic(p.id(), FrameKind.SUBMISSION);

    List<MqttConnectionState> states = new java.util.concurrent.CopyOnWriteArrayList<>();
    g.state().subscribe(states::add);
    // Slightly too large: the client still decodes it; the gateway drops it and counts it.
    attacker.publish(accept, new byte[1500]);
    // Far beyond the decoder limit: Netty's decoder gives up on the connection, which is replaced.
    attacker.publish(accept, new byte[64 * 1024]);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while ((g.stats().connects() < 2 || g.currentState() != MqttConnectionState.CONNECTED) && System.nanoTime() < deadline) {
      Mono.delay(Duration.ofMillis(10)).block(Duration.ofSeconds(5));
    }
    assertThat(states).containsSubsequence(MqttConnectionState.CONNECTED, MqttConnectionState.RECONNECTING, MqttConnectionState.CONNECTED);
    assertThat(g.stats().oversizeDropped()).isEqualTo(1);
    assertThat(g.stats().connects()).isEqualTo(2);

    // The session survived both and still works.
    assertThat(p.verifier().currentState()).isEqualTo(ConnectionState.OPEN);
    p.wallet().send(Frame.of(FrameKind.SUBMISSION, "ok".getBytes(StandardCharsets.US_ASCII))).block(WAIT);
    StepVerifier.create(p.verifier().receive().next())
        .expectNext(Frame.of(FrameKind.SUBMISSION, "ok".getBytes(StandardCharsets.US_ASCII)))
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void qos1PublishesBeyondTheInFlightWindowQueueInsteadOfFailing() {
    MqttGateway g = gateway(transport().qos(MqttQos.AT_LEAST_ONCE).inboundCapacity(200));
    Pair p = pair(g, g);
    List<Frame> frames = Flux.range(0, 60).map(i -> Frame.of(FrameKind.REQUEST, ("r" + i).getBytes(StandardCharsets.US_ASCII))).collectList().block(Duration.ofSeconds(5));
    InFlightWindow window = ((BrokerConnection) g).window();
    // Sixty sends at once, each its own publish: at most ten await their PUBACK, the rest queue.
    StepVerifier.create(Flux.fromIterable(frames).flatMap(f -> p.verifier().send(f), 60).then()).expectComplete().verify(WAIT);
    assertThat(window.peak()).isEqualTo(MqttConfig.DEFAULT_IN_FLIGHT_WINDOW);
    assertThat(window.inUse()).isZero();
    assertThat(p.wallet().receive().take(60).collectList().block(WAIT)).containsExactlyInAnyOrderElementsOf(frames);
  }

  @Test
  void misuseGivesTypedErrors() {
    MqttGateway g = gateway(transport());
    SessionId id = SessionId.random();
    SessionListener listener = g.listen(id).block(WAIT);
    StepVerifier.create(g.listen(id))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TransportException.class).hasMessageContaining("already listening"))
        .verify(WAIT);
    StepVerifier.create(g.listen(SessionId.random(), listener.endpoint()))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TransportException.class).hasMessageContaining("topic id"))
        .verify(WAIT);
    var otherBroker = new io.proxima.engagement.MqttEndpoint(java.net.URI.create("mqtt://10.0.0.1:1883"), id.uuid());
    StepVerifier.create(g.listen(id, otherBroker))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TransportException.class).hasMessageContaining("names broker"))
        .verify(WAIT);
    var ble = io.proxima.engagement.Engagement.builder().key(new byte[32]).ble(new io.proxima.engagement.BleEndpoint("ABCD1234")).build();
    StepVerifier.create(MqttTransport.create().connect(ble))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TransportException.class).hasMessageContaining("does not offer MQTT"))
        .verify(WAIT);
    Pair p = pair(g, g);
    StepVerifier.create(p.verifier().send(Frame.empty(FrameKind.DISCONNECT)))
        .expectError(io.proxima.error.ProtocolViolationException.class)
        .verify(WAIT);
    listener.close().block(WAIT);

    // After close: sessions fail, new ones are refused.
    g.close().block(WAIT);
    StepVerifier.create(p.verifier().onClose()).expectError(TransportClosedException.class).verify(WAIT);
    StepVerifier.create(g.listen(SessionId.random())).expectError(TransportClosedException.class).verify(WAIT);
    StepVerifier.create(g.state()).expectNext(MqttConnectionState.CLOSED).expectComplete().verify(WAIT);
  }

  @Test
  void listeningAgainAtAHandedOutEndpointWorks() {
    MqttGateway g = gateway(transport());
    Draft00Exchange.Verifier first = Draft00Exchange.listen(g).block(WAIT);
    first.listener().close().block(WAIT);
    SessionListener again = g.listen(first.id(), first.listener().endpoint()).block(WAIT);
    assertThat(again.endpoint()).isEqualTo(first.listener().endpoint());
    raw().publish(MqttTopics.topic(first.id(), FrameKind.IDENTIFY), MqttExchangeTest.validIdentify(first.engagement()));
    StepVerifier.create(again.identifies().next()).expectNextCount(1).expectComplete().verify(WAIT);
    again.close().block(WAIT);
  }

  private static void awaitSubscriptions(MqttGateway g, int expected) {
    Function<MqttGateway, Integer> count = x -> x.stats().subscriptions();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (count.apply(g) != expected && System.nanoTime() < deadline) {
      Mono.delay(Duration.ofMillis(10)).block(Duration.ofSeconds(5));
    }
    assertThat(count.apply(g)).isEqualTo(expected);
  }
}
