package io.proxima.oid4vp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.proxima.engagement.Engagement;
import io.proxima.engagement.TransportType;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.Role;
import io.proxima.oid4vp.dcql.PresentationDefinitions;
import io.proxima.oid4vp.error.InvalidRejectionException;
import io.proxima.oid4vp.error.PresentationValidationException;
import io.proxima.oid4vp.error.RequestVerificationException;
import io.proxima.oid4vp.internal.Json;
import io.proxima.oid4vp.presentation.PresentationDecision;
import io.proxima.oid4vp.presentation.PresentationProvider;
import io.proxima.oid4vp.presentation.PresentationProviders;
import io.proxima.oid4vp.request.DidMethod;
import io.proxima.oid4vp.request.RequestSigner;
import io.proxima.oid4vp.request.SigningKeyType;
import io.proxima.oid4vp.request.VerifiedRequest;
import io.proxima.oid4vp.testing.Fixtures;
import io.proxima.oid4vp.testing.RecordingWalletTransport;
import io.proxima.oid4vp.validation.FormatValidatorRegistry;
import io.proxima.oid4vp.validation.ValidationOutcome;
import io.proxima.oid4vp.validation.ValidationReason;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.memory.InMemoryHub;
import io.proxima.transport.memory.InMemoryTransport;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Complete sessions over the in-memory transport, in real time on Reactor's parallel scheduler. */
class FullSessionTest {

  static final Duration WAIT = Duration.ofSeconds(10);

  final InMemoryHub hub = InMemoryHub.create();
  final InMemoryTransport mqtt = InMemoryTransport.create(hub);
  final InMemoryTransport ble = InMemoryTransport.create(hub).type(TransportType.BLE);

  @AfterEach
  void nothingLeaks() {
    assertThat(hub.activeSessions()).as("sessions left on the hub").isZero();
  }

  record Run(VerifierOutcome verifier, WalletOutcome wallet) {}

  static Run run(Verifier verifier, Wallet wallet, PresentationQuery query) {
    VerifierSession vs = verifier.session(query);
    Engagement engagement = vs.engagement().block(WAIT);
    WalletOutcome w = wallet.session(engagement).result().block(WAIT);
    VerifierOutcome v = vs.result().block(WAIT);
    return new Run(v, w);
  }

  static List<VerifierState> states(VerifierOutcome o) {
    return o.timeline().stream().map(StateChange::state).toList();
  }

  static List<WalletState> states(WalletOutcome o) {
    return o.timeline().stream().map(StateChange::state).toList();
  }

  @ParameterizedTest
  @EnumSource(TransportType.class)
  void theWalletPresentsAndTheVerifierAccepts(TransportType type) {
    InMemoryTransport transport = type == TransportType.MQTT ? mqtt : ble;
    Run run = run(Verifier.create(Fixtures.SIGNER).transport(transport), Wallet.create(Fixtures.presentingPid()).transport(transport),
        Fixtures.pidQuery());

    assertThat(run.verifier().state()).isEqualTo(VerifierState.ACCEPTED);
    assertThat(states(run.verifier())).containsExactly(
        VerifierState.CREATED, VerifierState.ENGAGED, VerifierState.CONNECTED, VerifierState.REQUESTED, VerifierState.ACCEPTED);
    assertThat(run.verifier().transport()).isEqualTo(type);
    assertThat(run.verifier().version()).isEqualTo(IdentifyVersion.V2);
    assertThat(run.verifier().submission().vpToken()).isEqualTo(Fixtures.pidToken());
    assertThat(run.verifier().failure()).isNull();
    ValidationOutcome validation = run.verifier().validation();
    assertThat(validation.verified()).isFalse();
    assertThat(validation.reasons()).extracting(ValidationReason::code).containsExactly(ValidationReason.NOT_VERIFIED);

    assertThat(run.wallet().state()).isEqualTo(WalletState.SUBMITTED);
    assertThat(states(run.wallet())).containsExactly(
        WalletState.CREATED, WalletState.CONNECTING, WalletState.IDENTIFIED, WalletState.REQUEST_RECEIVED, WalletState.SUBMITTED);
    VerifiedRequest request = run.wallet().request();
    assertThat(request.verifierDid()).isEqualTo(Fixtures.SIGNER.did());
    assertThat(request.clientId()).isEqualTo("decentralized_identifier:" + Fixtures.SIGNER.did());
    assertThat(request.nonce()).hasSize(32).matches("[A-Za-z0-9]+");
    assertThat(request.dcqlQuery()).isEqualTo(Fixtures.pidDcql());
    assertThat(run.wallet().transport()).isEqualTo(type);
  }

  @Test
  void theOutcomeJsonCarriesStateVpTokenAndTimings() {
    Run run = run(Verifier.create(Fixtures.SIGNER).transport(mqtt), Wallet.create(Fixtures.presentingPid()).transport(mqtt), Fixtures.pidQuery());
    JsonNode json = run.verifier().toJson();
    assertThat(json.get("state").asText()).isEqualTo("ACCEPTED");
    assertThat(json.at("/vp_token/pid/0").asText()).isEqualTo(Fixtures.SD_JWT);
    assertThat(json.at("/validation/verified").asBoolean(true)).isFalse();
    assertThat(json.get("timings")).hasSize(5);
    assertThat(json.at("/timings/4/state").asText()).isEqualTo("ACCEPTED");
    JsonNode wallet = run.wallet().toJson();
    assertThat(wallet.get("state").asText()).isEqualTo("SUBMITTED");
    assertThat(wallet.get("presented").get(0).asText()).isEqualTo("pid");
    assertThat(wallet.toString()).doesNotContain(run.wallet().request().nonce()).doesNotContain(Fixtures.SD_JWT);
  }

  @Test
  void anMqttRejectionIsAnEncryptedFreshTimestamp() {
    RecordingWalletTransport recording = RecordingWalletTransport.of(mqtt);
    Run run = run(Verifier.create(Fixtures.SIGNER).transport(mqtt),
        Wallet.create(PresentationProviders.rejecting("user said no")).transport(recording), Fixtures.pidQuery());

    assertThat(run.verifier().state()).isEqualTo(VerifierState.REJECTED);
    assertThat(run.verifier().failure()).isNull();
    assertThat(run.verifier().submission()).isNull();
    assertThat(run.wallet().state()).isEqualTo(WalletState.REJECTED);
    assertThat(run.wallet().decision()).isEqualTo(PresentationDecision.reject("user said no"));
    Frame rejection = recording.sent().stream().filter(f -> f.kind() == FrameKind.REJECTION).findFirst().orElseThrow();
    assertThat(rejection.size()).as("10-digit Unix time + GCM tag").isEqualTo(10 + 16);
  }

  @Test
  void aBleRejectionIsEmpty() {
    RecordingWalletTransport recording = RecordingWalletTransport.of(ble);
    Run run = run(Verifier.create(Fixtures.SIGNER).transport(ble),
        Wallet.create(PresentationProviders.rejecting("no")).transport(recording), Fixtures.pidQuery());

    assertThat(run.verifier().state()).isEqualTo(VerifierState.REJECTED);
    assertThat(run.wallet().state()).isEqualTo(WalletState.REJECTED);
    assertThat(recording.sent()).filteredOn(f -> f.kind() == FrameKind.REJECTION).containsExactly(Frame.empty(FrameKind.REJECTION));
  }

  @Test
  void anMqttRejectionOlderThanFiveMinutesFailsTheVerifier() {
    Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-6));
    Run run = run(Verifier.create(Fixtures.SIGNER).transport(mqtt),
        Wallet.create(PresentationProviders.rejecting("no")).transport(mqtt).clock(behind)
            .requestVerifier(io.proxima.oid4vp.request.RequestVerifier.create().clockSkew(Duration.ofMinutes(10))),
        Fixtures.pidQuery());

    assertThat(run.wallet().state()).isEqualTo(WalletState.REJECTED);
    assertThat(run.verifier().state()).isEqualTo(VerifierState.FAILED);
    assertThat(run.verifier().failure()).isInstanceOfSatisfying(InvalidRejectionException.class,
        e -> assertThat(e.reason()).isEqualTo(InvalidRejectionException.Reason.TOO_OLD));
  }

  @Test
  void anMqttRejectionFromTheFutureFailsTheVerifier() {
    Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(3));
    Run run = run(Verifier.create(Fixtures.SIGNER).transport(mqtt),
        Wallet.create(PresentationProviders.rejecting("no")).transport(mqtt).clock(ahead), Fixtures.pidQuery());
    assertThat(run.verifier().failure()).isInstanceOfSatisfying(InvalidRejectionException.class,
        e -> assertThat(e.reason()).isEqualTo(InvalidRejectionException.Reason.IN_THE_FUTURE));
  }

  @Test
  void aV1WalletGetsThePresentationDefinitionAndAnswersWithASubmission() {
    AtomicReference<VerifiedRequest> seen = new AtomicReference<>();
    PresentationProvider provider = request -> {
      seen.set(request);
      return Fixtures.presentingPid().present(request);
    };
    Run run = run(Verifier.create(Fixtures.SIGNER).transport(mqtt),
        Wallet.create(provider).transport(mqtt).version(IdentifyVersion.V1), Fixtures.pidQuery());

    assertThat(run.verifier().state()).isEqualTo(VerifierState.ACCEPTED);
    assertThat(run.verifier().version()).isEqualTo(IdentifyVersion.V1);
    VerifiedRequest request = seen.get();
    assertThat(request.version()).isEqualTo(IdentifyVersion.V1);
    assertThat(request.clientId()).isEqualTo(Fixtures.SIGNER.did());
    assertThat(request.dcqlQuery()).isNull();
    assertThat(PresentationDefinitions.descriptorIds(request.presentationDefinition())).containsExactly("pid");
    Submission submission = run.verifier().submission();
    assertThat(submission.version()).isEqualTo(IdentifyVersion.V1);
    assertThat(submission.vpToken()).isEqualTo(Fixtures.pidToken());
    assertThat(submission.presentationSubmission().at("/descriptor_map/0/format").asText()).isEqualTo("dc+sd-jwt");
    assertThat(run.verifier().validation().reasons()).extracting(ValidationReason::code).containsExactly(ValidationReason.NOT_VERIFIED);
  }

  @Test
  void aV1WalletWithAnExplicitDefinitionAndSeveralPresentations() throws Exception {
    JsonNode pd = Json.parse("""
        {"id": "legacy", "input_descriptors": [
          {"id": "id_card", "format": {"vc+sd-jwt": {}}, "constraints": {"fields": [{"path": ["$.given_name"]}]}},
          {"id": "student", "format": {"vc+sd-jwt": {}}, "constraints": {"fields": [{"path": ["$.university"]}]}}]}""");
    PresentationQuery query = new PresentationQuery(Fixtures.pidDcql(), pd);
    Wallet wallet = Wallet.create(PresentationProviders.presentingStrings(Map.of("id_card", List.of(Fixtures.SD_JWT), "student", List.of(Fixtures.SD_JWT))))
        .transport(ble).version(IdentifyVersion.V1);
    Run run = run(Verifier.create(Fixtures.SIGNER).transport(ble), wallet, query);

    assertThat(run.verifier().state()).isEqualTo(VerifierState.ACCEPTED);
    assertThat(run.verifier().submission().vpToken()).containsOnlyKeys("id_card", "student");
    assertThat(run.verifier().submission().presentationSubmission().at("/definition_id").asText()).isEqualTo("legacy");
    assertThat(run.verifier().validation().reasons()).extracting(ValidationReason::code).containsExactly(ValidationReason.NOT_VERIFIED);
  }

  @ParameterizedTest
  @EnumSource(SigningKeyType.class)
  void verifierIdentitiesOfEveryKeyTypeAndMethodWork(SigningKeyType type) {
    for (DidMethod method : DidMethod.values()) {
      RequestSigner signer = RequestSigner.generate(type, method);
      Run run = run(Verifier.create(signer).transport(mqtt), Wallet.create(Fixtures.presentingPid()).transport(mqtt), Fixtures.pidQuery());
      assertThat(run.verifier().state()).as(type + " " + method).isEqualTo(VerifierState.ACCEPTED);
      assertThat(run.wallet().request().algorithm()).isEqualTo(type == SigningKeyType.P256 ? "ES256" : "EdDSA");
      assertThat(run.wallet().request().verifierDid()).isEqualTo(signer.did());
    }
  }

  @Test
  void anExpiredRequestIsRefusedAndAnsweredWithARejection() {
    Clock late = Clock.offset(Clock.systemUTC(), Duration.ofHours(-3));
    Run run = run(Verifier.create(Fixtures.SIGNER).transport(mqtt).clock(late).rejectionWindow(Duration.ofHours(4), Duration.ofHours(4)),
        Wallet.create(Fixtures.presentingPid()).transport(mqtt), Fixtures.pidQuery());

    assertThat(run.wallet().state()).isEqualTo(WalletState.FAILED);
    assertThat(run.wallet().failure()).isInstanceOfSatisfying(RequestVerificationException.class, e -> {
      assertThat(e.reason()).isEqualTo(RequestVerificationException.Reason.EXPIRED);
      assertThat(e.sessionId()).isPresent();
    });
    assertThat(run.wallet().decision()).isNull();
    assertThat(run.verifier().state()).isEqualTo(VerifierState.REJECTED);
  }

  @Test
  void framesFromThirdPartiesAreIgnoredOnBothSides() {
    // A REQUEST that does not decrypt reaches the wallet first (anyone can publish on the request topic).
    RecordingWalletTransport tampered = RecordingWalletTransport.of(mqtt).injecting(Frame.of(FrameKind.REQUEST, new byte[64]));
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    Verifier verifier = Verifier.create(Fixtures.SIGNER).transport(mqtt).observer(events::add);
    VerifierSession vs = verifier.session(Fixtures.pidQuery());
    Engagement engagement = vs.engagement().block(WAIT);
    // A bystander on the topic publishes a forged submission while the user decides.
    FrameConnection bystander = mqtt.connect(engagement).block(WAIT);
    PresentationProvider slowly = request -> bystander.send(Frame.of(FrameKind.SUBMISSION, new byte[40]))
        .then(Mono.delay(Duration.ofMillis(100)))
        .then(Fixtures.presentingPid().present(request));
    WalletOutcome wallet = Wallet.create(slowly).transport(tampered).observer(events::add).session(engagement).result().block(WAIT);
    VerifierOutcome outcome = vs.result().block(WAIT);
    bystander.close().block(WAIT);

    assertThat(outcome.state()).isEqualTo(VerifierState.ACCEPTED);
    assertThat(outcome.stats().ignoredFrames()).isEqualTo(1);
    assertThat(wallet.state()).isEqualTo(WalletState.SUBMITTED);
    assertThat(wallet.stats().ignoredFrames()).isEqualTo(1);
    assertThat(events).filteredOn(e -> e instanceof SessionEvent.FrameIgnored)
        .extracting(SessionEvent::role).containsExactlyInAnyOrder(Role.WALLET, Role.VERIFIER);
  }

  @Test
  void aPluggedValidatorDecidesVerified() {
    FormatValidatorRegistry registry = FormatValidatorRegistry.empty().with("dc+sd-jwt", context -> {
      assertThat(context.nonce()).hasSize(32);
      assertThat(context.clientId()).isEqualTo("decentralized_identifier:" + Fixtures.SIGNER.did());
      assertThat(context.transport()).isEqualTo(TransportType.MQTT);
      return Mono.just(ValidationOutcome.verified(Map.of("pid", TextNode.valueOf("Erika")), List.of(), "verified by test"));
    });
    Run run = run(Verifier.create(Fixtures.SIGNER).transport(mqtt).validator(registry),
        Wallet.create(Fixtures.presentingPid()).transport(mqtt), Fixtures.pidQuery());
    assertThat(run.verifier().validation().verified()).isTrue();
    assertThat(run.verifier().validation().disclosedClaims()).containsKey("pid");
  }

  @Test
  void aFailingValidatorFailsTheSessionWithTheCause() {
    Run run = run(Verifier.create(Fixtures.SIGNER).transport(mqtt).validator(c -> Mono.error(new IllegalStateException("trust list down"))),
        Wallet.create(Fixtures.presentingPid()).transport(mqtt), Fixtures.pidQuery());
    assertThat(run.verifier().state()).isEqualTo(VerifierState.FAILED);
    assertThat(run.verifier().failure()).isInstanceOf(PresentationValidationException.class)
        .hasRootCauseInstanceOf(IllegalStateException.class);
    assertThat(run.wallet().state()).isEqualTo(WalletState.SUBMITTED);
  }

  @Test
  void theObserverSeesEveryTransitionAndCannotBreakTheSession() {
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    SessionObserver throwing = e -> {
      events.add(e);
      throw new IllegalStateException("observer bug");
    };
    Run run = run(Verifier.create(Fixtures.SIGNER).transport(mqtt).observer(throwing),
        Wallet.create(Fixtures.presentingPid()).transport(mqtt).observer(throwing), Fixtures.pidQuery());
    assertThat(run.verifier().state()).isEqualTo(VerifierState.ACCEPTED);
    assertThat(run.wallet().state()).isEqualTo(WalletState.SUBMITTED);
    assertThat(events).filteredOn(e -> e instanceof SessionEvent.StateChanged && e.role() == Role.VERIFIER)
        .extracting(e -> ((SessionEvent.StateChanged) e).to()).containsExactly(
            VerifierState.ENGAGED, VerifierState.CONNECTED, VerifierState.REQUESTED, VerifierState.ACCEPTED);
  }

  @Test
  void statesReplayToLateSubscribersAndComplete() {
    Verifier verifier = Verifier.create(Fixtures.SIGNER).transport(mqtt);
    VerifierSession vs = verifier.session(Fixtures.pidQuery());
    assertThat(vs.currentState()).isEqualTo(VerifierState.CREATED);
    Engagement engagement = vs.engagement().block(WAIT);
    Wallet.create(Fixtures.presentingPid()).transport(mqtt).session(engagement).result().block(WAIT);
    vs.result().block(WAIT);
    StepVerifier.create(vs.states().map(StateChange::state))
        .expectNext(VerifierState.CREATED, VerifierState.ENGAGED, VerifierState.CONNECTED, VerifierState.REQUESTED, VerifierState.ACCEPTED)
        .verifyComplete();
    assertThat(vs.isDisposed()).isTrue();
  }

  @Test
  void sessionsAreLazy() {
    Verifier verifier = Verifier.create(Fixtures.SIGNER).transport(mqtt);
    VerifierSession vs = verifier.session(Fixtures.pidQuery());
    Mono<Engagement> engagement = vs.engagement();
    assertThat(hub.activeSessions()).isZero();
    engagement.block(WAIT);
    assertThat(hub.activeSessions()).isEqualTo(1);
    vs.cancel().block(WAIT);
  }

  @Test
  void anEngagementOfferingNothingTheWalletSpeaksFails() {
    VerifierSession vs = Verifier.create(Fixtures.SIGNER).transport(ble).session(Fixtures.pidQuery());
    Engagement engagement = vs.engagement().block(WAIT);
    WalletOutcome outcome = Wallet.create(Fixtures.presentingPid()).transport(mqtt).session(engagement).result().block(WAIT);
    assertThat(outcome.state()).isEqualTo(WalletState.FAILED);
    assertThat(outcome.failure()).isInstanceOf(io.proxima.oid4vp.error.NoUsableTransportException.class).hasMessageContaining("offers [BLE]");
    vs.cancel().block(WAIT);
  }
}
