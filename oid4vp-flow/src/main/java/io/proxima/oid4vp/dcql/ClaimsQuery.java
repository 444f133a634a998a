package io.proxima.oid4vp.dcql;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One claim a credential query asks for (OpenID4VP 1.0 §6.3).
 *
 * @param id identifies the claim within its credential query; required when the query has
 *     {@code claim_sets}
 * @param path where the claim is
 * @param values if present, the claim must have one of these values
 * @param intentToRetain mdoc only: whether the verifier intends to keep the value
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClaimsQuery(
    @JsonProperty("id") @Nullable String id,
    @JsonProperty("path") ClaimPath path,
    @JsonProperty("values") @Nullable List<JsonNode> values,
    @JsonProperty("intent_to_retain") @Nullable Boolean intentToRetain) {

  public ClaimsQuery {
    Objects.requireNonNull(path, "path");
    if (id != null) {
      DcqlQuery.requireIdentifier(id, "claims id");
    }
    if (values != null) {
      if (values.isEmpty()) {
        throw new IllegalArgumentException("claims values must not be empty when present");
      }
      values = List.copyOf(values);
    }
  }

  /** A claim at a path of object keys, without id or value constraint. */
  public static ClaimsQuery at(String... keys) {
    return new ClaimsQuery(null, ClaimPath.keys(keys), null, null);
  }

  /** The same claim with an id (needed for claim sets). */
  public ClaimsQuery withId(String newId) {
    return new ClaimsQuery(newId, path, values, intentToRetain);
  }
}
