package io.proxima.cli.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.proxima.oid4vp.dcql.ClaimPath;
import io.proxima.oid4vp.dcql.ClaimsQuery;
import io.proxima.oid4vp.dcql.CredentialQuery;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.sdjwt.issuer.TestCredentials;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** The DCQL query a verifier asks with: the default PID query, or one from a {@code --query} file. */
public final class Queries {

  private Queries() {}

  /**
   * The default: an SD-JWT VC PID ({@value TestCredentials#PID_VCT}), credential query id {@code
   * pid}, asking for {@code given_name}, {@code family_name} and {@code age_equal_or_over.18}
   * (the other PID claims stay undisclosed).
   */
  public static DcqlQuery defaultPid() {
    return DcqlQuery.of(CredentialQuery.sdJwt("pid", TestCredentials.PID_VCT,
        ClaimsQuery.at("given_name"), ClaimsQuery.at("family_name"), ClaimsQuery.at("age_equal_or_over", "18")));
  }

  /**
   * Reads a DCQL query file: the query object itself, or an object with a {@code dcql_query} member.
   *
   * @throws InputException naming {@code --query} if the file cannot be read or is not a DCQL query
   */
  public static DcqlQuery load(Path file) {
    JsonNode json = JsonLines.read(file, "--query");
    if (json.has("dcql_query")) {
      json = json.get("dcql_query");
    }
    try {
      return DcqlQuery.fromJson(json);
    } catch (RuntimeException e) {
      throw new InputException("--query: " + file + " is not a valid DCQL query: " + e.getMessage(), e);
    }
  }

  /** For people: {@code pid (urn:eudi:pid:1): given_name, family_name, age_equal_or_over.18}. */
  public static String describe(DcqlQuery query) {
    return query.credentials().stream().map(Queries::describe).collect(Collectors.joining("; "));
  }

  private static String describe(CredentialQuery c) {
    JsonNode meta = c.meta();
    String type = meta != null && meta.path("vct_values").isArray() ? meta.path("vct_values").path(0).asText(c.format()) : c.format();
    List<ClaimsQuery> claims = c.claims();
    String asked = claims == null || claims.isEmpty()
        ? "all claims"
        : claims.stream().map(q -> path(q.path())).collect(Collectors.joining(", "));
    return c.id() + " (" + type + "): " + asked;
  }

  /** {@code address.locality}, {@code nationalities.*}, {@code nationalities.0}. */
  private static String path(ClaimPath path) {
    return path.elements().stream().map(e -> e == null ? "*" : e.toString()).collect(Collectors.joining("."));
  }
}
