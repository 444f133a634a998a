package io.proxima.oid4vp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.proxima.message.IdentifyVersion;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.oid4vp.request.RequestVerifier;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The payload of the request object (PROTOCOL.md §3).
 *
 * <pre>
 *   V2: iss, iat, exp, client_id = decentralized_identifier:&lt;did&gt;, nonce, dcql_query
 *   V1: iss, iat, exp, client_id = &lt;did&gt;, client_id_scheme = did, nonce, presentation_definition
 * </pre>
 */
public final class RequestObjects {

  private RequestObjects() {}

  public static String clientId(IdentifyVersion version, String did) {
    return version == IdentifyVersion.V2 ? RequestVerifier.CLIENT_ID_PREFIX + did : did;
  }

  public static JWTClaimsSet claims(
      IdentifyVersion version,
      String did,
      String nonce,
      DcqlQuery dcql,
      JsonNode presentationDefinition,
      Instant now,
      Duration lifetime) {
    JWTClaimsSet.Builder b =
        new JWTClaimsSet.Builder()
            .issuer(did)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(lifetime)))
            .claim("client_id", clientId(version, did))
            .claim("nonce", nonce);
    if (version == IdentifyVersion.V2) {
      b.claim("dcql_query", Json.toMap(dcql.toJson()));
    } else {
      b.claim("client_id_scheme", "did").claim("presentation_definition", Json.toMap(presentationDefinition));
    }
    return b.build();
  }
}
