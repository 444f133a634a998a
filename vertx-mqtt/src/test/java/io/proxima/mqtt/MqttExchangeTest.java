package io.proxima.mqtt;

import static io.proxima.mqtt.Draft00Exchange.REQUEST;
import static io.proxima.mqtt.Draft00Exchange.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.crypto.Draft00Session;
import io.proxima.engagement.Engagement;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.Identify;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.LegacyEnvelope;
import io.proxima.message.SessionId;
import io.proxima.testing.MosquittoBroker;
import io.proxima.transport.ConnectionState;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.InboundIdentify;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Full draft00 exchanges through a real mosquitto, and what a sniffer on {@code #} sees. */
class MqttExchangeTest {

  final MosquittoBroker broker = MosquittoBroker.shared();
  final List<AutoCloseable> cleanup = new ArrayList<>();
  MqttTransport transport;

  @BeforeEach
  void setUp() {
    transport = MqttTransport.create().broker(broker.url()).setupTimeout(Duration.ofSeconds(10)).sendTimeout(Duration.ofSeconds(10));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : cleanup) {
      c.close();
    }
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

  @ParameterizedTest
  @EnumSource(MqttQos.class)
  void fullDraft00ExchangeThroughTheBrokerWhileASnifferSeesOnlyIdentifyInPlaintext(MqttQos qos) {
    RawMqttClient sniffer = raw().subscribe("#");
    MqttGateway verifierGateway = gateway(transport.qos(qos));
    MqttTransport walletTransport = MqttTransport.create().qos(qos);

    Draft00Exchange.Verifier v = Draft00Exchange.listen(verifierGateway).block(WAIT);
    assertThat(v.engagement().mqtt().orElseThrow().brokerUrl().toString()).isEqualTo(broker.url());
    assertThat(v.engagement().mqtt().orElseThrow().topicId()).isEqualTo(v.id().uuid());
    byte[] submission = Draft00Exchange.submission("qos" + qos.value());

    var results =
        Mono.zip(
                Draft00Exchange.verifierSide(v),
                Draft00Exchange.walletSide(walletTransport, v.engagement(), FrameKind.SUBMISSION, submission))
            .block(WAIT);

    assertThat(results.getT1().kind()).isEqualTo(FrameKind.SUBMISSION);
    assertThat(results.getT1().plaintext()).isEqualTo(submission);
    assertThat(results.getT2().request()).isEqualTo(REQUEST);
    StepVerifier.create(results.getT1().connection().close()).expectComplete().verify(WAIT);
    StepVerifier.create(results.getT2().connection().close()).expectComplete().verify(WAIT);
    assertThat(results.getT1().connection().currentState()).isEqualTo(ConnectionState.CLOSED);

    String base = "/proof/" + v.id() + "/";
    RawMqttClient.Message identify = sniffer.next(base + "presentation-submission/identify", WAIT);
    RawMqttClient.Message request = sniffer.next(base + "presentation-definition", WAIT);
    RawMqttClient.Message accept = sniffer.next(base + "presentation-submission/accept", WAIT);
    // Identify is plaintext by protocol: a V2 Identify, 45 bytes ending in 0x02.
    assertThat(Identify.decode(identify.payload(), v.id()).version()).isEqualTo(IdentifyVersion.V2);
    // The request and the submission are sealed: ciphertext plus a 16-byte tag, no plaintext in it.
    assertThat(request.payload()).hasSize(REQUEST.length + 16);
    assertThat(contains(request.payload(), "secret-request")).isFalse();
    assertThat(contains(request.payload(), "eyJ")).isFalse();
    assertThat(accept.payload()).hasSize(submission.length + 16);
    assertThat(contains(accept.payload(), "secret-presentation")).isFalse();
    assertThat(contains(accept.payload(), "vp_token")).isFalse();
    assertThat(verifierGateway.stats().sessions()).isZero();
  }

  @Test
  void aRejectionTravelsOnTheRejectTopic() {
    MqttGateway g = gateway(transport);
    RawMqttClient sniffer = raw().subscribe("/proof/+/presentation-submission/reject");
    Draft00Exchange.Verifier v = Draft00Exchange.listen(g).block(WAIT);
    byte[] now = "1700000000".getBytes(StandardCharsets.US_ASCII);
    var results =
        Mono.zip(Draft00Exchange.verifierSide(v), Draft00Exchange.walletSide(MqttTransport.create(), v.engagement(), FrameKind.REJECTION, now))
            .block(WAIT);
    assertThat(results.getT1().kind()).isEqualTo(FrameKind.REJECTION);
    assertThat(results.getT1().plaintext()).isEqualTo(now);
    assertThat(sniffer.next(WAIT).topic()).isEqualTo("/proof/" + v.id() + "/presentation-submission/reject");
    results.getT1().connection().close().block(WAIT);
    results.getT2().connection().close().block(WAIT);
  }

  @ParameterizedTest
  @EnumSource(SubscriptionStrategy.class)
  void malformedUnknownTopicAndThirdPartyDuplicateIdentifyAreIgnored(SubscriptionStrategy strategy) {
    MqttGateway g = gateway(transport.subscriptionStrategy(strategy));
    RawMqttClient attacker = raw();
    Draft00Exchange.Verifier v = Draft00Exchange.listen(g).block(WAIT);
    Draft00Exchange.Verifier bystander = Draft00Exchange.listen(g).block(WAIT);
    String identifyTopic = MqttTopics.topic(v.id(), FrameKind.IDENTIFY);

    // Before the wallet: a malformed Identify, a low-order key, and an Identify for a topic nobody listens on.
    attacker.publish(identifyTopic, new byte[] {1, 2, 3});
    byte[] lowOrder = new byte[45];
    lowOrder[44] = 2;
    attacker.publish(identifyTopic, lowOrder);
    attacker.publish(MqttTopics.topic(SessionId.random(), FrameKind.IDENTIFY), validIdentify(v.engagement()));

    Draft00Session wallet = Draft00Session.forWallet(v.id(), v.engagement().verifierPublicKey(), IdentifyVersion.V2);
    FrameConnection walletConn = MqttTransport.create().connect(v.engagement()).block(WAIT);
    cleanup.add(() -> walletConn.close().block(WAIT));
    Mono<Draft00Exchange.VerifierResult> verifier = Draft00Exchange.verifierSide(v).cache();
    verifier.subscribe();
    walletConn.send(wallet.identify().toFrame()).block(WAIT);
    Frame request = walletConn.receive().next().block(WAIT);
    assertThat(wallet.openFrame(request)).isEqualTo(REQUEST);

    // After accept: a third client replays the wallet's Identify. It must not disturb the session.
    attacker.publish(identifyTopic, wallet.identify().encode());
    byte[] submission = Draft00Exchange.submission("dup");
    walletConn.send(wallet.sealFrame(FrameKind.SUBMISSION, submission)).block(WAIT);
    Draft00Exchange.VerifierResult result = verifier.block(WAIT);
    assertThat(result.kind()).isEqualTo(FrameKind.SUBMISSION);
    assertThat(result.plaintext()).isEqualTo(submission);
    assertThat(result.connection().currentState()).isEqualTo(ConnectionState.OPEN);
    StepVerifier.create(result.connection().receive().take(Duration.ofMillis(300))).expectComplete().verify(WAIT);
    // The bystander session on the same gateway saw nothing and is still listening.
    assertThat(bystander.listener().state().blockFirst(WAIT)).isEqualTo(ConnectionState.OPEN);
    StepVerifier.create(bystander.listener().identifies().take(Duration.ofMillis(200))).expectComplete().verify(WAIT);
    result.connection().close().block(WAIT);
    bystander.listener().close().block(WAIT);
  }

  @Test
  void everyIdentifyAttemptReachesTheListenerUntilOneIsAccepted() {
    MqttGateway g = gateway(transport);
    RawMqttClient attacker = raw();
    Draft00Exchange.Verifier v = Draft00Exchange.listen(g).block(WAIT);
    String topic = MqttTopics.topic(v.id(), FrameKind.IDENTIFY);
    attacker.publish(topic, "junk".getBytes(StandardCharsets.US_ASCII));
    byte[] identify = validIdentify(v.engagement());
    attacker.publish(topic, LegacyEnvelope.wrap(UUID.randomUUID(), identify));
    List<InboundIdentify> attempts = v.listener().identifies().take(2).collectList().block(WAIT);
    assertThat(attempts.get(0).frame().payload()).isEqualTo("junk".getBytes(StandardCharsets.US_ASCII));
    assertThat(attempts.get(0).peer()).isEqualTo("mqtt-broker");
    // The legacy envelope is stripped on receive (PROTOCOL.md §4).
    assertThat(attempts.get(1).frame().payload()).isEqualTo(identify);
    FrameConnection conn = attempts.get(1).accept().block(WAIT);
    StepVerifier.create(v.listener().identifies()).expectComplete().verify(WAIT);
    conn.close().block(WAIT);
  }

  @Test
  void theWalletIsSubscribedBeforeConnectEmitsSoAnEarlyRequestIsNotMissed() {
    MqttGateway g = gateway(transport);
    Draft00Exchange.Verifier v = Draft00Exchange.listen(g).block(WAIT);
    FrameConnection wallet = MqttTransport.create().connect(v.engagement()).block(WAIT);
    cleanup.add(() -> wallet.close().block(WAIT));
    // Published by someone else the instant connect emitted, before any Identify.
    RawMqttClient verifierStandIn = raw();
    verifierStandIn.publish(MqttTopics.walletTopic(v.id()), "early".getBytes(StandardCharsets.US_ASCII));
    StepVerifier.create(wallet.receive().next())
        .expectNext(Frame.of(FrameKind.REQUEST, "early".getBytes(StandardCharsets.US_ASCII)))
        .expectComplete()
        .verify(WAIT);
    v.listener().close().block(WAIT);
  }

  @Test
  void thePeersHabitOfReconnectingDuringConsentDoesNotMatterToTheVerifier() {
    MqttGateway g = gateway(transport);
    Draft00Exchange.Verifier v = Draft00Exchange.listen(g).block(WAIT);
    Mono<Draft00Exchange.VerifierResult> verifier = Draft00Exchange.verifierSide(v).cache();
    verifier.subscribe();

    // The peer's wallet: one client to identify and read the request, another one to answer.
    Draft00Session wallet = Draft00Session.forWallet(v.id(), v.engagement().verifierPublicKey(), IdentifyVersion.V1);
    RawMqttClient first = RawMqttClient.connect(broker.url()).subscribe(MqttTopics.walletTopic(v.id()));
    first.publish(MqttTopics.topic(v.id(), FrameKind.IDENTIFY), wallet.identify().encode());
    byte[] sealedRequest = first.next(WAIT).payload();
    assertThat(wallet.open(sealedRequest)).isEqualTo(REQUEST);
    first.close();

    byte[] submission = Draft00Exchange.submission("peer");
    try (RawMqttClient second = RawMqttClient.connect(broker.url())) {
      second.publish(MqttTopics.topic(v.id(), FrameKind.SUBMISSION), wallet.seal(submission));
      Draft00Exchange.VerifierResult result = verifier.block(WAIT);
      assertThat(result.plaintext()).isEqualTo(submission);
      result.connection().close().block(WAIT);
    }
  }

  @Test
  void aGatewayCanAlsoCarryWalletSessions() {
    MqttGateway verifierGateway = gateway(transport);
    MqttGateway walletGateway = gateway(transport);
    Draft00Exchange.Verifier v = Draft00Exchange.listen(verifierGateway).block(WAIT);
    byte[] submission = Draft00Exchange.submission("shared");
    var results =
        Mono.zip(Draft00Exchange.verifierSide(v), Draft00Exchange.walletSide(walletGateway, v.engagement(), FrameKind.SUBMISSION, submission))
            .block(WAIT);
    assertThat(results.getT1().plaintext()).isEqualTo(submission);
    results.getT1().connection().close().block(WAIT);
    results.getT2().connection().close().block(WAIT);
    assertThat(walletGateway.stats().subscriptions()).isZero();
    assertThat(walletGateway.currentState()).isEqualTo(MqttConnectionState.CONNECTED);
  }

  static byte[] validIdentify(Engagement engagement) {
    return Draft00Session.forWallet(engagement.sessionId(), engagement.verifierPublicKey(), IdentifyVersion.V2).identify().encode();
  }

  static boolean contains(byte[] haystack, String needle) {
    byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i + n.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + n.length, n, 0, n.length)) {
        return true;
      }
    }
    return false;
  }
}
