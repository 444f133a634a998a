package io.proxima.oid4vp.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.proxima.oid4vp.PresentationQuery;
import io.proxima.oid4vp.dcql.ClaimsQuery;
import io.proxima.oid4vp.dcql.CredentialQuery;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.oid4vp.presentation.PresentationProvider;
import io.proxima.oid4vp.presentation.PresentationProviders;
import io.proxima.oid4vp.request.RequestSigner;
import java.util.List;
import java.util.Map;

/** Shared test data: a verifier identity, a query and opaque presentations that look right. */
public final class Fixtures {

  /** One P-256 did:key identity for all tests (key generation is the slow part). */
  public static final RequestSigner SIGNER = RequestSigner.generate();

  /** Looks like an SD-JWT presentation (issuer JWS, a disclosure, an empty KB slot); verifies nothing. */
  public static final String SD_JWT =
      "eyJhbGciOiJFUzI1NiIsInR5cCI6ImRjK3NkLWp3dCJ9.eyJ2Y3QiOiJ1cm46ZXVkaTpwaWQ6MSJ9.c2lnbmF0dXJl"
          + "~WyJzYWx0IiwiZ2l2ZW5fbmFtZSIsIkVyaWthIl0~";

  private Fixtures() {}

  /** An SD-JWT PID query for given_name and family_name. */
  public static DcqlQuery pidDcql() {
    return DcqlQuery.of(CredentialQuery.sdJwt("pid", "urn:eudi:pid:1", ClaimsQuery.at("given_name"), ClaimsQuery.at("family_name")));
  }

  public static PresentationQuery pidQuery() {
    return PresentationQuery.of(pidDcql());
  }

  /** The vp_token answering {@link #pidDcql()}. */
  public static Map<String, List<JsonNode>> pidToken() {
    return Map.of("pid", List.of(TextNode.valueOf(SD_JWT)));
  }

  /** A provider presenting {@link #pidToken()}. */
  public static PresentationProvider presentingPid() {
    return PresentationProviders.presenting(pidToken());
  }
}
