package io.proxima.bench.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.proxima.oid4vp.PresentationQuery;
import io.proxima.oid4vp.Verifier;
import io.proxima.oid4vp.VerifierOutcome;
import io.proxima.oid4vp.VerifierSession;
import io.proxima.oid4vp.VerifierState;
import io.proxima.oid4vp.Wallet;
import io.proxima.oid4vp.WalletOutcome;
import io.proxima.oid4vp.WalletState;
import io.proxima.oid4vp.dcql.ClaimsQuery;
import io.proxima.oid4vp.dcql.CredentialQuery;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.oid4vp.presentation.PresentationProviders;
import io.proxima.oid4vp.request.RequestSigner;
import io.proxima.transport.VerifierTransport;
import io.proxima.transport.WalletTransport;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * A session driven by the oid4vp-flow state machines: a {@link Verifier} with a P-256 did:key
 * signer (ES256 request objects) and the default structural validator, and a {@link Wallet} that
 * verifies the signed request and presents one opaque SD-JWT-shaped presentation. The DCQL query
 * and the presentation are sized so that the frames on the wire are close to the draft00
 * benchmarks' 1.5 KB request and 4 KB submission ({@link #REQUEST_CLAIMS}, {@link
 * #PRESENTATION_LENGTH}; a test checks the sizes).
 */
public final class FlowFixture {

  /** Claims asked for in the DCQL query: with them the sealed request is about 1.5 KB. */
  static final int REQUEST_CLAIMS = 24;
  /** Characters of the presentation: with it the sealed V2 submission is about 4 KB. */
  static final int PRESENTATION_LENGTH = 4_055;

  /** One verifier identity per JVM (key generation is not part of a session). */
  public static final RequestSigner SIGNER = RequestSigner.generate();
  /** The query every session asks. */
  public static final PresentationQuery QUERY = PresentationQuery.of(dcql());
  /** The presentation the wallet sends for credential query {@code pid}. */
  public static final Map<String, List<JsonNode>> VP_TOKEN = Map.of("pid", List.of(TextNode.valueOf(presentation())));

  private FlowFixture() {}

  /** The verifier side over {@code transport}, defaults otherwise. */
  public static Verifier verifier(VerifierTransport transport) {
    return Verifier.create(SIGNER).transport(transport);
  }

  /** The wallet side over {@code transport}, presenting {@link #VP_TOKEN}. */
  public static Wallet wallet(WalletTransport transport) {
    return Wallet.create(PresentationProviders.presenting(VP_TOKEN)).transport(transport);
  }

  /**
   * One whole session: the verifier session starts and shows its engagement, a wallet session
   * scans it, and both run to their outcome. Emits the verifier's outcome once both ended (after
   * both released their transports). Errors with {@link IllegalStateException} unless the
   * verifier ACCEPTED and the wallet SUBMITTED. Lazy; applies no timeout of its own (the flow's
   * are there, the caller adds one).
   */
  public static Mono<VerifierOutcome> session(Verifier verifier, Wallet wallet) {
    return Mono.defer(
        () -> {
          VerifierSession session = verifier.session(QUERY);
          return session
              .engagement()
              .flatMap(engagement -> Mono.zip(session.result(), wallet.session(engagement).result()))
              .map(outcomes -> check(outcomes.getT1(), outcomes.getT2()));
        });
  }

  private static VerifierOutcome check(VerifierOutcome verifier, WalletOutcome wallet) {
    if (verifier.state() != VerifierState.ACCEPTED || wallet.state() != WalletState.SUBMITTED) {
      throw new IllegalStateException(
          "flow session ended verifier " + verifier.state() + ", wallet " + wallet.state()
              + verifier.failureCause().map(e -> " (" + e + ")").orElse(""));
    }
    return verifier;
  }

  static DcqlQuery dcql() {
    ClaimsQuery[] claims = new ClaimsQuery[REQUEST_CLAIMS];
    for (int i = 0; i < claims.length; i++) {
      claims[i] = ClaimsQuery.at("claim_" + (char) ('a' + i % 26) + "_" + i);
    }
    return DcqlQuery.of(CredentialQuery.sdJwt("pid", "urn:eudi:pid:1", claims));
  }

  /** An SD-JWT-shaped string (issuer JWS, disclosures, empty key-binding slot); verifies nothing. */
  static String presentation() {
    StringBuilder sb =
        new StringBuilder(PRESENTATION_LENGTH)
            .append("eyJhbGciOiJFUzI1NiIsInR5cCI6ImRjK3NkLWp3dCJ9.eyJ2Y3QiOiJ1cm46ZXVkaTpwaWQ6MSJ9.c2lnbmF0dXJl");
    while (sb.length() < PRESENTATION_LENGTH - 1) {
      sb.append('~').append("WyJzYWx0IiwiZ2l2ZW5fbmFtZSIsIkVyaWthIl0");
    }
    sb.setLength(PRESENTATION_LENGTH - 1);
    return sb.append('~').toString();
  }
}
