package io.proxima.oid4vp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import io.proxima.crypto.Draft00Session;
import io.proxima.crypto.X25519KeyPair;
import io.proxima.engagement.Engagement;
import io.proxima.engagement.TransportType;
import io.proxima.error.FrameTooLargeException;
import io.proxima.error.MalformedFrameException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.Identify;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.SessionId;
import io.proxima.oid4vp.dcql.PresentationDefinitions;
import io.proxima.oid4vp.error.InvalidRejectionException;
import io.proxima.oid4vp.error.NoUsableTransportException;
import io.proxima.oid4vp.error.RequestVerificationException;
import io.proxima.oid4vp.internal.Json;
import io.proxima.oid4vp.internal.RequestObjects;
import io.proxima.oid4vp.request.RequestSigner;
import io.proxima.oid4vp.request.RequestVerifier;
import io.proxima.oid4vp.testing.Fixtures;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.InboundIdentify;
import io.proxima.transport.SessionListener;
import io.proxima.transport.memory.Faults;
import io.proxima.transport.memory.InMemoryHub;
import io.proxima.transport.memory.InMemoryTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each side against a hand-driven peer that speaks the raw protocol (PROTOCOL.md §2, §3) with the
 * foundation's {@link Draft00Session}: the bytes on the wire, and what each side does with
 * authenticated but wrong messages.
 */
class ProtocolLevelTest {

  static final Duration WAIT = Duration.ofSeconds(10);

  final InMemoryHub hub = InMemoryHub.create();
  final InMemoryTransport mqtt = InMemoryTransport.create(hub);

  @AfterEach
  void nothingLeaks() {
    assertThat(hub.activeSessions()).as("sessions left on the hub").isZero();
  }

  /** A wallet driven by hand: Identify, then the request, then whatever the test seals. */
  final class RawWallet {
    final Draft00Session session;
    final FrameConnection connection;
    final byte[] requestPlaintext;

    RawWallet(Engagement engagement, IdentifyVersion version) {
      session = Draft00Session.forWallet(engagement.sessionId(), engagement.verifierPublicKey(), version);
      connection = mqtt.connect(engagement).block(WAIT);
      connection.send(session.identify().toFrame()).block(WAIT);
      Frame request = connection.receive().next().block(WAIT);
      requestPlaintext = session.openFrame(request);
    }

    void answer(FrameKind kind, String plaintext) {
      connection.send(session.sealFrame(kind, plaintext.getBytes(StandardCharsets.UTF_8))).block(WAIT);
      connection.close().block(WAIT);
    }
  }

  @Test
  void theRequestIsASignedJwtAsAJsonStringLiteral() throws Exception {
    VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(mqtt).session(Fixtures.pidQuery());
    RawWallet wallet = new RawWallet(verifier.engagement().block(WAIT), IdentifyVersion.V2);

    assertThat(wallet.requestPlaintext[0]).isEqualTo((byte) '"');
    assertThat(wallet.requestPlaintext[wallet.requestPlaintext.length - 1]).isEqualTo((byte) '"');
    String jwt = Json.parse(wallet.requestPlaintext).asText();
    assertThat(RequestVerifier.create().verify(jwt, IdentifyVersion.V2, Instant.now()).verifierDid()).isEqualTo(Fixtures.SIGNER.did());
    JsonNode payload = Json.toTree(SignedJWT.parse(jwt).getJWTClaimsSet().toJSONObject());
    assertThat(payload.get("client_id").asText()).isEqualTo("decentralized_identifier:" + Fixtures.SIGNER.did());
    assertThat(payload.get("iss").asText()).isEqualTo(Fixtures.SIGNER.did());
    assertThat(payload.get("exp").asLong() - payload.get("iat").asLong()).isEqualTo(3600);

    // The V2 submission of PROTOCOL.md §2.6, byte for byte.
    wallet.answer(FrameKind.SUBMISSION, "{\"vp_token\":{\"pid\":[\"" + Fixtures.SD_JWT + "\"]}}");
    VerifierOutcome outcome = verifier.result().block(WAIT);
    assertThat(outcome.state()).isEqualTo(VerifierState.ACCEPTED);
    assertThat(outcome.submission().vpToken()).isEqualTo(Fixtures.pidToken());
  }

  @Test
  void aV1WalletFromThePeerGetsAPresentationDefinitionRequest() throws Exception {
    VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(mqtt).session(Fixtures.pidQuery());
    RawWallet wallet = new RawWallet(verifier.engagement().block(WAIT), IdentifyVersion.V1);
    JsonNode payload = Json.toTree(SignedJWT.parse(Json.parse(wallet.requestPlaintext).asText()).getJWTClaimsSet().toJSONObject());
    assertThat(payload.get("client_id").asText()).isEqualTo(Fixtures.SIGNER.did());
    assertThat(payload.get("client_id_scheme").asText()).isEqualTo("did");
    assertThat(payload.at("/presentation_definition/input_descriptors/0/id").asText()).isEqualTo("pid");
    assertThat(payload.has("dcql_query")).isFalse();

    wallet.answer(FrameKind.SUBMISSION, "{\"vp_token\":\"" + Fixtures.SD_JWT + "\",\"presentation_submission\":"
        + "{\"id\":\"s\",\"definition_id\":\"d\",\"descriptor_map\":[{\"id\":\"pid\",\"format\":\"vc+sd-jwt\",\"path\":\"$\"}]}}");
    VerifierOutcome outcome = verifier.result().block(WAIT);
    assertThat(outcome.state()).isEqualTo(VerifierState.ACCEPTED);
    assertThat(outcome.version()).isEqualTo(IdentifyVersion.V1);
    assertThat(outcome.submission().vpToken()).isEqualTo(Fixtures.pidToken());
  }

  @Test
  void anAuthenticatedButMalformedSubmissionFailsTheVerifierNamingTheField() {
    VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(mqtt).session(Fixtures.pidQuery());
    new RawWallet(verifier.engagement().block(WAIT), IdentifyVersion.V2).answer(FrameKind.SUBMISSION, "{\"vp_token\":[\"x\"]}");
    VerifierOutcome outcome = verifier.result().block(WAIT);
    assertThat(outcome.state()).isEqualTo(VerifierState.FAILED);
    assertThat(outcome.failure()).isInstanceOfSatisfying(MalformedFrameException.class, e -> assertThat(e.field()).isEqualTo("submission.vp_token"));
  }

  @Test
  void anMqttRejectionThatIsNotATimestampFailsTheVerifier() {
    VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(mqtt).session(Fixtures.pidQuery());
    new RawWallet(verifier.engagement().block(WAIT), IdentifyVersion.V2).answer(FrameKind.REJECTION, "\"no\"");
    VerifierOutcome outcome = verifier.result().block(WAIT);
    assertThat(outcome.failure()).isInstanceOfSatisfying(InvalidRejectionException.class,
        e -> assertThat(e.reason()).isEqualTo(InvalidRejectionException.Reason.NOT_A_TIMESTAMP));
  }

  @Test
  void aRejectionWithAFreshTimestampIsARejection() {
    VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(mqtt).session(Fixtures.pidQuery());
    new RawWallet(verifier.engagement().block(WAIT), IdentifyVersion.V2).answer(FrameKind.REJECTION, Long.toString(Instant.now().getEpochSecond()));
    assertThat(verifier.result().block(WAIT).state()).isEqualTo(VerifierState.REJECTED);
  }

  /** A verifier driven by hand: it accepts the Identify and sends whatever request the test gives. */
  record RawVerifier(SessionListener listener, X25519KeyPair keys, SessionId id, Engagement engagement) {

    static RawVerifier listen(InMemoryTransport transport) {
      SessionId id = SessionId.random();
      X25519KeyPair keys = X25519KeyPair.generate();
      SessionListener listener = transport.listen(id).block(WAIT);
      return new RawVerifier(listener, keys, id, Engagement.builder().key(keys.publicKey()).endpoint(listener.endpoint()).build());
    }

    /** Sends {@code plaintext} as the request and returns what the wallet answers. */
    Frame exchange(byte[] plaintext) {
      InboundIdentify attempt = listener.identifies().blockFirst(WAIT);
      Draft00Session session = Draft00Session.forVerifier(id, keys, Identify.decode(attempt.frame(), id));
      FrameConnection connection = attempt.accept().block(WAIT);
      connection.send(session.sealFrame(FrameKind.REQUEST, plaintext)).block(WAIT);
      Frame answer = connection.receive().next().block(WAIT);
      if (answer.kind() == FrameKind.REJECTION) {
        String timestamp = new String(session.openFrame(answer), StandardCharsets.US_ASCII);
        assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
      }
      connection.close().block(WAIT);
      return answer;
    }
  }

  static byte[] jsonString(String jwt) {
    return Json.bytes(com.fasterxml.jackson.databind.node.TextNode.valueOf(jwt));
  }

  @Test
  void aForgedRequestIsRefusedAndAnsweredWithARejection() throws Exception {
    RawVerifier verifier = RawVerifier.listen(mqtt);
    WalletSession wallet = Wallet.create(Fixtures.presentingPid()).transport(mqtt).session(verifier.engagement()).start();
    ECKey attacker = new ECKeyGenerator(Curve.P_256).generate();
    SignedJWT forged = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.ES256).type(RequestSigner.TYPE).keyID(Fixtures.SIGNER.keyId()).build(),
        RequestObjects.claims(IdentifyVersion.V2, Fixtures.SIGNER.did(), "nonce", Fixtures.pidDcql(),
            PresentationDefinitions.fromDcql(Fixtures.pidDcql(), "pd"), Instant.now(), Duration.ofHours(1)));
    forged.sign(new ECDSASigner(attacker));

    Frame answer = verifier.exchange(jsonString(forged.serialize()));
    assertThat(answer.kind()).isEqualTo(FrameKind.REJECTION);
    WalletOutcome outcome = wallet.result().block(WAIT);
    assertThat(outcome.state()).isEqualTo(WalletState.FAILED);
    assertThat(outcome.failure()).isInstanceOfSatisfying(RequestVerificationException.class,
        e -> assertThat(e.reason()).isEqualTo(RequestVerificationException.Reason.SIGNATURE));
    assertThat(outcome.decision()).as("the user was never asked").isNull();
  }

  @Test
  void aRequestThatIsNotAJsonStringIsRefused() {
    RawVerifier verifier = RawVerifier.listen(mqtt);
    WalletSession wallet = Wallet.create(Fixtures.presentingPid()).transport(mqtt).session(verifier.engagement()).start();
    String jwt = Fixtures.SIGNER.sign(RequestObjects.claims(IdentifyVersion.V2, Fixtures.SIGNER.did(), "nonce", Fixtures.pidDcql(),
        PresentationDefinitions.fromDcql(Fixtures.pidDcql(), "pd"), Instant.now(), Duration.ofHours(1)), null);
    // The bare JWS, without the JSON quotes that PROTOCOL.md §2.6 requires.
    assertThat(verifier.exchange(jwt.getBytes(StandardCharsets.US_ASCII)).kind()).isEqualTo(FrameKind.REJECTION);
    assertThat(wallet.result().block(WAIT).failure()).isInstanceOfSatisfying(RequestVerificationException.class,
        e -> assertThat(e.reason()).isEqualTo(RequestVerificationException.Reason.MALFORMED));
  }

  @Test
  void aRequestLargerThanTheTransportAllowsFailsTheVerifier() {
    VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(mqtt.maxFrameSize(200)).session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    WalletSession wallet = Wallet.create(Fixtures.presentingPid()).transport(mqtt)
        .timeouts(WalletTimeouts.DEFAULTS.withRequest(Duration.ofMillis(300))).session(engagement).start();
    VerifierOutcome outcome = verifier.result().block(WAIT);
    assertThat(outcome.state()).isEqualTo(VerifierState.FAILED);
    assertThat(outcome.failure()).isInstanceOf(FrameTooLargeException.class);
    wallet.cancel().block(WAIT);
  }

  @Test
  void duplicatedAndDelayedFramesDoNotDisturbASession() {
    InMemoryTransport duplicating = mqtt.faults(Faults.none().withDuplicateRate(1.0).withDelay(Duration.ofMillis(5)));
    VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(duplicating).session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    WalletOutcome w = Wallet.create(Fixtures.presentingPid()).transport(duplicating).session(engagement).result().block(WAIT);
    VerifierOutcome v = verifier.result().block(WAIT);
    assertThat(w.state()).isEqualTo(WalletState.SUBMITTED);
    assertThat(v.state()).isEqualTo(VerifierState.ACCEPTED);
  }

  @Test
  void aVerifierWithoutTransportFailsAtStart() {
    VerifierOutcome outcome = Verifier.create(Fixtures.SIGNER).session(Fixtures.pidQuery()).result().block(WAIT);
    assertThat(outcome.state()).isEqualTo(VerifierState.FAILED);
    assertThat(outcome.failure()).isInstanceOf(NoUsableTransportException.class);
  }

  @Test
  void aTransportThatCannotListenIsLeftOutOfTheEngagement() {
    InMemoryTransport broken = InMemoryTransport.create(hub).type(TransportType.BLE).faults(Faults.none().withFailingSetup(true));
    VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(mqtt).transport(broken).session(Fixtures.pidQuery());
    Engagement engagement = verifier.engagement().block(WAIT);
    assertThat(engagement.mqtt()).isPresent();
    assertThat(engagement.ble()).isEmpty();
    Wallet.create(Fixtures.presentingPid()).transport(mqtt).session(engagement).result().block(WAIT);
    assertThat(verifier.result().block(WAIT).state()).isEqualTo(VerifierState.ACCEPTED);
  }
}
