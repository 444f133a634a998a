package io.proxima.oid4vp.validation;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a validator concluded about a submission.
 *
 * @param verified true only if every presentation was cryptographically verified and satisfies
 *     the query; the default structural validator always says false
 * @param reasons findings: problems and informational notes, each with a stable code
 * @param disclosedClaims per credential query id, the claims the verified presentations disclose
 *     (JSON); empty when nothing was verified
 * @param note a free-form status note for people, e.g. "structure only, not verified"
 */
public record ValidationOutcome(
    @JsonProperty("verified") boolean verified,
    @JsonProperty("reasons") List<ValidationReason> reasons,
    @JsonProperty("disclosed_claims") Map<String, JsonNode> disclosedClaims,
    @JsonProperty("note") String note) {

  public ValidationOutcome {
    reasons = List.copyOf(Objects.requireNonNull(reasons, "reasons"));
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    Objects.requireNonNull(disclosedClaims, "disclosedClaims").forEach((k, v) -> copy.put(k, v.deepCopy()));
    disclosedClaims = Collections.unmodifiableMap(copy);
    Objects.requireNonNull(note, "note");
  }

  /** A positive outcome. */
  public static ValidationOutcome verified(Map<String, JsonNode> disclosedClaims, List<ValidationReason> notes, String note) {
    return new ValidationOutcome(true, notes, disclosedClaims, note);
  }

  /** A negative outcome with its reasons. */
  public static ValidationOutcome unverified(List<ValidationReason> reasons, String note) {
    return new ValidationOutcome(false, reasons, Map.of(), note);
  }

  /** Whether any reason has this code. */
  public boolean hasReason(String code) {
    return reasons.stream().anyMatch(r -> r.code().equals(code));
  }
}
