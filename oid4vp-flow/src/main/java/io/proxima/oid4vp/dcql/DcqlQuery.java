package io.proxima.oid4vp.dcql;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.proxima.error.MalformedInputException;
import io.proxima.oid4vp.internal.Json;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A DCQL query (OpenID4VP 1.0 §6): what the verifier asks the wallet to present. Immutable and
 * validated on construction: at least one credential query, unique ids, and credential sets that
 * name only existing queries.
 *
 * <pre>{@code
 * DcqlQuery query = DcqlQuery.of(
 *     CredentialQuery.sdJwt("pid", "urn:eudi:pid:1", ClaimsQuery.at("given_name"), ClaimsQuery.at("birthdate")));
 * }</pre>
 *
 * @param credentials the credential queries
 * @param credentialSets alternatives over the credential queries; when absent every credential
 *     query is required
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DcqlQuery(
    @JsonProperty("credentials") List<CredentialQuery> credentials,
    @JsonProperty("credential_sets") @Nullable List<CredentialSetQuery> credentialSets) {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  public DcqlQuery {
    Objects.requireNonNull(credentials, "credentials");
    if (credentials.isEmpty()) {
      throw new IllegalArgumentException("a DCQL query needs at least one credential query");
    }
    credentials = List.copyOf(credentials);
    Set<String> ids = new HashSet<>();
    for (CredentialQuery c : credentials) {
      if (!ids.add(c.id())) {
        throw new IllegalArgumentException("duplicate credential query id " + c.id());
      }
    }
    if (credentialSets != null) {
      if (credentialSets.isEmpty()) {
        throw new IllegalArgumentException("credential_sets must not be empty when present");
      }
      credentialSets = List.copyOf(credentialSets);
      for (CredentialSetQuery set : credentialSets) {
        for (List<String> option : set.options()) {
          for (String id : option) {
            if (!ids.contains(id)) {
              throw new IllegalArgumentException("credential_sets names unknown credential query id " + id);
            }
          }
        }
      }
    }
  }

  /** A query of the given credential queries, all required. */
  public static DcqlQuery of(CredentialQuery... credentials) {
    return new DcqlQuery(List.of(credentials), null);
  }

  /** The same query with credential sets. */
  public DcqlQuery withCredentialSets(List<CredentialSetQuery> sets) {
    return new DcqlQuery(credentials, sets);
  }

  /**
   * Parses a query from JSON text.
   *
   * @throws MalformedInputException with field {@code dcql_query} if it is not a valid query
   */
  public static DcqlQuery parse(String json) {
    try {
      return fromJson(Json.parse(json));
    } catch (JsonProcessingException e) {
      throw new MalformedInputException("dcql_query", "not JSON: " + Json.describe(e), null);
    }
  }

  /**
   * Reads a query from a JSON tree.
   *
   * @throws MalformedInputException with field {@code dcql_query} if it is not a valid query
   */
  public static DcqlQuery fromJson(JsonNode json) {
    if (!json.isObject()) {
      throw new MalformedInputException("dcql_query", "must be a JSON object", null);
    }
    try {
      return Json.mapper().treeToValue(json, DcqlQuery.class);
    } catch (JsonProcessingException e) {
      Throwable root = e.getCause() instanceof IllegalArgumentException iae ? iae : null;
      String problem = root != null ? String.valueOf(root.getMessage()) : Json.describe(e);
      throw new MalformedInputException("dcql_query", problem, null);
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException("dcql_query", String.valueOf(e.getMessage()), null);
    }
  }

  /** This query as a JSON tree. */
  public JsonNode toJson() {
    return Json.toTree(this);
  }

  /** This query as compact JSON text. */
  public String toJsonString() {
    return Json.text(this);
  }

  /** The credential query with that id. */
  public Optional<CredentialQuery> credential(String id) {
    return credentials.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  static void requireIdentifier(@Nullable String id, String what) {
    if (id == null || !IDENTIFIER.matcher(id).matches()) {
      throw new IllegalArgumentException(what + " must be 1-128 characters of A-Z, a-z, 0-9, _ and -");
    }
  }
}
