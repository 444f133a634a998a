package io.proxima.oid4vp.request;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import io.proxima.message.IdentifyVersion;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.oid4vp.dcql.PresentationDefinitions;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request object the wallet has verified (PROTOCOL.md §3): what a presentation provider
 * decides on. Presentations must bind {@link #nonce()} and the audience {@link #clientId()};
 * for mdoc the handover is {@code [client_id, nonce, null, client_id]}.
 *
 * @param jwt the compact JWS as received
 * @param version V2 (DCQL) or V1 (presentation definition), following the wallet's Identify
 * @param clientId {@code decentralized_identifier:<did>} (V2) or the plain DID (V1)
 * @param verifierDid the verifier's DID, equal to {@code iss}
 * @param keyId the DID URL of the key that signed it
 * @param algorithm the JWS algorithm, e.g. ES256 or EdDSA
 * @param nonce the request nonce
 * @param dcqlQuery the DCQL query (V2), else null
 * @param presentationDefinition the presentation definition (V1), else null
 * @param expiresAt {@code exp}
 * @param claims every claim of the payload
 */
public record VerifiedRequest(
    String jwt,
    IdentifyVersion version,
    String clientId,
    String verifierDid,
    String keyId,
    String algorithm,
    String nonce,
    @Nullable DcqlQuery dcqlQuery,
    @Nullable JsonNode presentationDefinition,
    Instant expiresAt,
    JsonNode claims) {

  public VerifiedRequest {
    Objects.requireNonNull(jwt, "jwt");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(verifierDid, "verifierDid");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(claims, "claims");
    if ((dcqlQuery == null) == (presentationDefinition == null)) {
      throw new IllegalArgumentException("a request has either a DCQL query (V2) or a presentation definition (V1)");
    }
    claims = claims.deepCopy();
    if (presentationDefinition != null) {
      presentationDefinition = presentationDefinition.deepCopy();
    }
  }

  /** A copy of the presentation definition (V1), or null. */
  @Override
  public @Nullable JsonNode presentationDefinition() {
    return presentationDefinition == null ? null : presentationDefinition.deepCopy();
  }

  /** A copy of the payload's claims. */
  @Override
  public JsonNode claims() {
    return claims.deepCopy();
  }

  /** The ids the presentations are keyed by: DCQL credential query ids, or input descriptor ids (V1). */
  @JsonIgnore
  public List<String> queryIds() {
    if (dcqlQuery != null) {
      return dcqlQuery.credentials().stream().map(c -> c.id()).toList();
    }
    return PresentationDefinitions.descriptorIds(Objects.requireNonNull(presentationDefinition));
  }

  /** Never prints the JWT or the nonce. */
  @Override
  public String toString() {
    return "VerifiedRequest[" + version + ", " + verifierDid + ", " + algorithm + "]";
  }
}
