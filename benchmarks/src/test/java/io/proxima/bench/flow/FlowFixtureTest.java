package io.proxima.bench.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.proxima.crypto.internal.AesGcm;
import io.proxima.message.IdentifyVersion;
import io.proxima.oid4vp.VerifierState;
import io.proxima.oid4vp.request.VerifiedRequest;
import io.proxima.transport.memory.InMemoryHub;
import io.proxima.transport.memory.InMemoryTransport;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The flow-driven session and its crypto floor work, with messages of the sizes. */
class FlowFixtureTest {

  @Test
  void aFlowSessionOverTheInMemoryTransportIsAcceptedAndReleasesTheHub() throws Exception {
    InMemoryHub hub = InMemoryHub.create();
    InMemoryTransport t = InMemoryTransport.create(hub);
    for (int i = 0; i < 3; i++) {
      assertThat(FlowFixture.session(FlowFixture.verifier(t), FlowFixture.wallet(t)).toFuture().get(10, TimeUnit.SECONDS).state())
          .isEqualTo(VerifierState.ACCEPTED);
    }
    assertThat(hub.activeSessions()).isZero();
  }

  @Test
  void theFlowCryptoFloorVerifiesTheSignedRequest() {
    VerifiedRequest request = FlowCryptoFloor.twoSided();
    assertThat(request.verifierDid()).isEqualTo(FlowFixture.SIGNER.did());
    assertThat(request.version()).isEqualTo(IdentifyVersion.V2);
    assertThat(request.dcqlQuery()).isEqualTo(FlowFixture.QUERY.dcql());
  }

  @Test
  void flowMessagesAreAboutTheDraft00BenchmarksSizes() {
    // The sealed submission: vp_token JSON + GCM tag, within 2% of 4,096 bytes.
    assertThat((double) FlowCryptoFloor.submissionSize() + AesGcm.TAG_LENGTH).isCloseTo(4096, within(82.0));
  }
}
