package io.proxima.oid4vp.dcql;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A set of alternatives over credential queries (OpenID4VP 1.0 §6.2): the set is satisfied when
 * every credential of at least one option is presented.
 *
 * @param options lists of credential query ids, most preferred first
 * @param required whether the set must be satisfied (default true)
 * @param purpose why the verifier asks, shown to the user; kept as JSON
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CredentialSetQuery(
    @JsonProperty("options") List<List<String>> options,
    @JsonProperty("required") @Nullable Boolean required,
    @JsonProperty("purpose") @Nullable JsonNode purpose) {

  public CredentialSetQuery {
    Objects.requireNonNull(options, "options");
    if (options.isEmpty() || options.stream().anyMatch(List::isEmpty)) {
      throw new IllegalArgumentException("credential set options must be non-empty lists of credential query ids");
    }
    options = options.stream().map(List::copyOf).toList();
  }

  /** A required set with the given options. */
  public static CredentialSetQuery of(List<List<String>> options) {
    return new CredentialSetQuery(options, null, null);
  }

  /** Whether this set must be satisfied; true unless {@code required} is false. */
  @JsonIgnore
  public boolean isRequired() {
    return !Boolean.FALSE.equals(required);
  }
}
