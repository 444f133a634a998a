package io.proxima.sdjwt.issuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWK;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What to put in a credential. Immutable; {@code with}-style methods return a new instance.
 *
 * <p>Every claim is selectively disclosable, recursively: each property of a nested object and
 * each array element has its own disclosure, and so has the object or array itself (RFC 9901
 * §4.2.6, recursive disclosures). A wallet can then reveal {@code address.locality} without the
 * rest of the address. Claims named in {@link #visible()} stay in the clear with all their contents, as do the registered
 * claims an SD-JWT VC must not disclose selectively (iss, iat, exp, cnf, vct, status).
 *
 * @param vct the credential type
 * @param claims the subject's claims (no {@code null} values: they would not survive encoding)
 * @param holderKey the holder's public key for {@code cnf.jwk}, or null for a credential without holder binding
 * @param validity {@code exp} = issuance time + this
 * @param visible top-level claims that are always disclosed, contents included
 * @param status the {@code status} claim, or null
 */
public record Issuance(String vct, ObjectNode claims, @Nullable JWK holderKey, Duration validity, Set<String> visible, @Nullable JsonNode status) {

  /** How long a credential is valid unless told otherwise. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

  public Issuance {
    Objects.requireNonNull(vct, "vct");
    if (vct.isBlank()) {
      throw new IllegalArgumentException("vct must not be blank");
    }
    claims = Objects.requireNonNull(claims, "claims").deepCopy();
    if (holderKey != null) {
      holderKey = holderKey.toPublicJWK();
    }
    Objects.requireNonNull(validity, "validity");
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive");
    }
    visible = Set.copyOf(new LinkedHashSet<>(Objects.requireNonNull(visible, "visible")));
    if (status != null) {
      status = status.deepCopy();
    }
  }

  /** Claims of a type, bound to a holder key, valid for {@link #DEFAULT_VALIDITY}. */
  public static Issuance of(String vct, ObjectNode claims, JWK holderKey) {
    return new Issuance(vct, claims, holderKey, DEFAULT_VALIDITY, Set.of(), null);
  }

  public Issuance validFor(Duration newValidity) {
    return new Issuance(vct, claims, holderKey, newValidity, visible, status);
  }

  /** The same with these top-level claims always disclosed. */
  public Issuance withVisible(String... names) {
    return new Issuance(vct, claims, holderKey, validity, Set.of(names), status);
  }

  /** The same with a {@code status} claim (e.g. {@code {"status_list": {"idx": 0, "uri": "..."}}}). */
  public Issuance withStatus(JsonNode newStatus) {
    return new Issuance(vct, claims, holderKey, validity, visible, Objects.requireNonNull(newStatus, "status"));
  }

  /** The same without holder binding (no {@code cnf}). */
  public Issuance withoutHolderBinding() {
    return new Issuance(vct, claims, null, validity, visible, status);
  }

  @Override
  public ObjectNode claims() {
    return claims.deepCopy();
  }

  @Override
  public @Nullable JsonNode status() {
    return status == null ? null : status.deepCopy();
  }

  /** Shows the type and claim names, never values. */
  @Override
  public String toString() {
    List<String> names = new java.util.ArrayList<>();
    claims.fieldNames().forEachRemaining(names::add);
    return "Issuance[" + vct + ", " + names + "]";
  }
}
