package io.proxima.bench.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.proxima.crypto.Draft00Session;
import io.proxima.crypto.X25519KeyPair;
import io.proxima.message.Identify;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.SessionId;
import io.proxima.oid4vp.Verifier;
import io.proxima.oid4vp.dcql.PresentationDefinitions;
import io.proxima.oid4vp.internal.Json;
import io.proxima.oid4vp.internal.Nonces;
import io.proxima.oid4vp.internal.RequestObjects;
import io.proxima.oid4vp.presentation.PresentationDecision;
import io.proxima.oid4vp.request.RequestVerifier;
import io.proxima.oid4vp.request.VerifiedRequest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * The honest baseline of a flow-driven session: its cryptography, both sides, on one thread, with
 * the flow's own messages. Beyond the draft00 floor ({@link io.proxima.bench.session.CryptoFloor}) a
 * flow session signs its request object (ES256, with the claims serialized for the JWS) and the
 * wallet verifies it ({@link RequestVerifier#verify}: parse, resolve the did:key, check the
 * signature and claims). What a flow session costs beyond this is the state machines, JSON of the
 * submission, validation, timers and the transport.
 *
 * <pre>
 *   verifier key pair; wallet key pair, nonce, agreement, HKDF; verifier agreement, HKDF
 *   verifier: request claims, ES256 signature, seal (about 1.5 KB)
 *   wallet:   open, verify the request object
 *   wallet:   seal the submission (about 4 KB); verifier opens it
 * </pre>
 */
public final class FlowCryptoFloor {

  private static final RequestVerifier REQUEST_VERIFIER = RequestVerifier.create();
  private static final JsonNode DEFINITION = PresentationDefinitions.fromDcql(FlowFixture.QUERY.dcql(), "bench");
  private static final byte[] SUBMISSION =
      Json.bytes(Map.of("vp_token", Json.toTree(new PresentationDecision.Present(FlowFixture.VP_TOKEN, null).vpToken())));

  private FlowCryptoFloor() {}

  /** One flow session's crypto; returns the request as the wallet verified it. */
  public static VerifiedRequest twoSided() {
    X25519KeyPair verifierKeys = X25519KeyPair.generate();
    SessionId id = SessionId.random();
    Instant now = Instant.now();
    try (Draft00Session wallet = Draft00Session.forWallet(id, verifierKeys.publicKey(), IdentifyVersion.V2);
        Draft00Session verifier = Draft00Session.forVerifier(id, verifierKeys, Identify.decode(wallet.identify().encode(), id))) {
      String jwt =
          FlowFixture.SIGNER.sign(
              RequestObjects.claims(IdentifyVersion.V2, FlowFixture.SIGNER.did(), Nonces.alphanumeric(32), FlowFixture.QUERY.dcql(),
                  DEFINITION, now, Verifier.DEFAULT_REQUEST_LIFETIME),
              id);
      byte[] opened = wallet.open(verifier.seal(Json.bytes(TextNode.valueOf(jwt))));
      VerifiedRequest request = REQUEST_VERIFIER.verify(Json.parse(opened).textValue(), IdentifyVersion.V2, now);
      byte[] submission = verifier.open(wallet.seal(SUBMISSION));
      if (!Arrays.equals(submission, SUBMISSION)) {
        throw new IllegalStateException("flow crypto floor round trip did not return the submission");
      }
      return request;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the opened request is not JSON", e);
    } finally {
      verifierKeys.destroy();
    }
  }

  /** The submission plaintext the floor seals, for size checks. */
  static int submissionSize() {
    return SUBMISSION.length;
  }
}
