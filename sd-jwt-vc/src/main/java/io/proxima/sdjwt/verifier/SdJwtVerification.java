package io.proxima.sdjwt.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proxima.oid4vp.validation.ValidationReason;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The verification of one SD-JWT VC presentation.
 *
 * @param verified true only if every check passed (informational reasons may still be present)
 * @param reasons the failed check's reason, or informational reasons (status not checked, ...);
 *     codes are those of {@link io.proxima.sdjwt.SdJwtReasons}
 * @param claims the processed payload: disclosed claims plus the always-visible ones (iss, vct,
 *     exp, cnf, ...); null unless verified
 * @param issuer the issuer as established by the trust check (DID, certificate subject or
 *     {@code iss}), if verified and known
 * @param trustSource how the issuer key was trusted ({@code jwks}, {@code x5c}, {@code did}), if verified
 * @param vct the credential type, if verified
 */
public record SdJwtVerification(
    boolean verified,
    List<ValidationReason> reasons,
    @Nullable ObjectNode claims,
    @Nullable String issuer,
    @Nullable String trustSource,
    @Nullable String vct) {

  public SdJwtVerification {
    reasons = List.copyOf(Objects.requireNonNull(reasons, "reasons"));
    if (claims != null) {
      claims = claims.deepCopy();
    }
  }

  /** A copy of the claims, or null. */
  @Override
  public @Nullable ObjectNode claims() {
    return claims == null ? null : claims.deepCopy();
  }

  /** Whether any reason has this code. */
  public boolean hasReason(String code) {
    return reasons.stream().anyMatch(r -> r.code().equals(code));
  }

  /** The reason codes, in order. */
  public List<String> codes() {
    return reasons.stream().map(ValidationReason::code).toList();
  }

  /** A claim of the processed payload by JSON pointer (e.g. {@code /address/locality}), or a missing node. */
  public JsonNode claim(String jsonPointer) {
    return claims == null ? MissingNode.getInstance() : claims.at(jsonPointer);
  }

  /** Never prints claims. */
  @Override
  public String toString() {
    return "SdJwtVerification[verified=" + verified + ", " + codes() + "]";
  }
}
