package io.proxima.bench.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.bench.fixture.Payloads;
import io.proxima.crypto.Draft00Session;
import io.proxima.crypto.X25519KeyPair;
import io.proxima.message.FrameKind;
import io.proxima.message.Identify;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.SessionId;
import io.proxima.transport.memory.InMemoryHub;
import io.proxima.transport.memory.InMemoryTransport;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

/** The harness code that the session benchmarks time does what they claim, once, without JMH. */
class SessionHarnessTest {

  final InMemoryHub hub = InMemoryHub.create();

  @Test
  void aFullSessionDeliversTheSubmissionAndReleasesTheHub() throws Exception {
    InMemoryTransport transport = InMemoryTransport.create(hub);
    for (int i = 0; i < 20; i++) {
      byte[] submission = Draft00Exchange.run(transport, transport).toFuture().get(10, TimeUnit.SECONDS);
      assertThat(submission).isEqualTo(Payloads.submissionPlaintext());
    }
    assertThat(hub.activeSessions()).isZero();
  }

  @Test
  void theSameSessionRunsWithSameThreadDelivery() throws Exception {
    InMemoryTransport transport = InMemoryTransport.create(hub).scheduler(Schedulers.immediate());
    assertThat(Draft00Exchange.run(transport, transport).toFuture().get(10, TimeUnit.SECONDS))
        .isEqualTo(Payloads.submissionPlaintext());
    assertThat(hub.activeSessions()).isZero();
  }

  @Test
  void cryptoFloorRoundTripsTheSubmission() {
    assertThat(CryptoFloor.twoSided()).isEqualTo(Payloads.submissionPlaintext());
  }

  @Test
  void rawLegsCompleteRepeatedlyOnOneConnectionPair() throws Exception {
    try (InMemoryLegs legs = InMemoryLegs.open(InMemoryTransport.create(hub))) {
      for (int i = 0; i < 200; i++) {
        assertThat(legs.exchange().get(10, TimeUnit.SECONDS)).isEqualTo(Payloads.SUBMISSION_WIRE_SIZE);
      }
    }
    assertThat(hub.activeSessions()).isZero();
  }

  @Test
  void sealedPayloadsHaveTheWireSizesOfTheIssue() {
    X25519KeyPair verifierKeys = X25519KeyPair.generate();
    SessionId id = SessionId.random();
    try (Draft00Session wallet = Draft00Session.forWallet(id, verifierKeys.publicKey(), IdentifyVersion.V2);
        Draft00Session verifier = Draft00Session.forVerifier(id, verifierKeys, Identify.decode(wallet.identify().encode(), id))) {
      assertThat(wallet.identify().encode()).hasSize(Payloads.IDENTIFY_WIRE_SIZE);
      assertThat(verifier.sealFrame(FrameKind.REQUEST, Payloads.requestPlaintext()).size()).isEqualTo(Payloads.REQUEST_WIRE_SIZE);
      assertThat(wallet.sealFrame(FrameKind.SUBMISSION, Payloads.submissionPlaintext()).size()).isEqualTo(Payloads.SUBMISSION_WIRE_SIZE);
    }
    assertThat(Payloads.rawIdentify()).hasSize(Payloads.IDENTIFY_WIRE_SIZE);
    assertThat(Payloads.rawRequest()).hasSize(Payloads.REQUEST_WIRE_SIZE);
    assertThat(Payloads.rawSubmission()).hasSize(Payloads.SUBMISSION_WIRE_SIZE);
    assertThat(new String(Payloads.requestPlaintext(), java.nio.charset.StandardCharsets.US_ASCII)).startsWith("\"eyJ").endsWith("\"");
    assertThat(new String(Payloads.submissionPlaintext(), java.nio.charset.StandardCharsets.US_ASCII)).startsWith("{\"vp_token\":{\"q1\":[\"").endsWith("\"]}}");
  }

  @Test
  void coldStartEntryPointsRun() throws Exception {
    assertThat(ColdStart.inMemorySession()).isEqualTo(Payloads.submissionPlaintext());
    assertThat(ColdStart.cryptoFloor()).isEqualTo(Payloads.submissionPlaintext());
  }
}
