package io.proxima.oid4vp.validation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One finding of a validator: a stable machine-readable {@link #code()}, the credential query it
 * concerns (if any) and a human-readable detail (never a presentation or a nonce).
 *
 * @param code stable identifier; the constants of this class for the codes this module emits,
 *     format validators add their own (e.g. {@code sd_jwt.signature_invalid})
 * @param queryId the credential query id (V1: input descriptor id), or null for the whole submission
 * @param detail explanation for logs and reports
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ValidationReason(
    @JsonProperty("code") String code,
    @JsonProperty("query_id") @Nullable String queryId,
    @JsonProperty("detail") String detail) {

  /** Informational: only the structure was checked; no presentation was cryptographically verified. */
  public static final String NOT_VERIFIED = "not_verified";
  /** A required credential query has no presentation. */
  public static final String MISSING_CREDENTIAL = "missing_credential";
  /** No option of a required credential set is fully answered. */
  public static final String CREDENTIAL_SET_UNSATISFIED = "credential_set_unsatisfied";
  /** The vp_token has presentations for an id the query does not have. */
  public static final String UNKNOWN_QUERY_ID = "unknown_query_id";
  /** An id is answered with an empty list. */
  public static final String EMPTY_PRESENTATIONS = "empty_presentations";
  /** Several presentations answer a query that does not allow multiple. */
  public static final String TOO_MANY_PRESENTATIONS = "too_many_presentations";
  /** A presentation does not look like its format (e.g. an SD-JWT without '~'). */
  public static final String IMPLAUSIBLE_FORMAT = "implausible_format";
  /** No validator is registered for the format of these presentations. */
  public static final String NO_VALIDATOR = "no_validator_for_format";
  /** The submission contains no presentation at all. */
  public static final String NO_PRESENTATIONS = "no_presentations";

  public ValidationReason {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(detail, "detail");
  }

  /** A reason about one credential query. */
  public static ValidationReason of(String code, @Nullable String queryId, String detail) {
    return new ValidationReason(code, queryId, detail);
  }
}
