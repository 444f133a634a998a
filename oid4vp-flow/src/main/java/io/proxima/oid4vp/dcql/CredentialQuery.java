package io.proxima.oid4vp.dcql;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One credential the verifier asks for (OpenID4VP 1.0 §6.1). Its {@link #id()} is the key of the
 * presentations for it in a V2 {@code vp_token}.
 *
 * @param id alphanumeric, underscore or hyphen; unique within the query
 * @param format the credential format identifier, e.g. {@code dc+sd-jwt}, {@code mso_mdoc}
 * @param multiple whether several presentations may answer it (default false)
 * @param meta format-specific constraints, e.g. {@code {"vct_values": [...]}} or
 *     {@code {"doctype_value": "..."}}
 * @param claims the claims asked for; absent means no selective disclosure constraint
 * @param claimSets alternative sets of claim ids, most preferred first
 * @param trustedAuthorities constraints on the issuer, kept as JSON
 * @param requireCryptographicHolderBinding whether holder binding is required (default true)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CredentialQuery(
    @JsonProperty("id") String id,
    @JsonProperty("format") String format,
    @JsonProperty("multiple") @Nullable Boolean multiple,
    @JsonProperty("meta") @Nullable ObjectNode meta,
    @JsonProperty("claims") @Nullable List<ClaimsQuery> claims,
    @JsonProperty("claim_sets") @Nullable List<List<String>> claimSets,
    @JsonProperty("trusted_authorities") @Nullable JsonNode trustedAuthorities,
    @JsonProperty("require_cryptographic_holder_binding") @Nullable Boolean requireCryptographicHolderBinding) {

  /** The SD-JWT VC format of OpenID4VP 1.0. */
  public static final String FORMAT_SD_JWT = "dc+sd-jwt";
  /** The SD-JWT VC format of earlier drafts (still used by many wallets). */
  public static final String FORMAT_SD_JWT_LEGACY = "vc+sd-jwt";
  /** ISO mdoc. */
  public static final String FORMAT_MDOC = "mso_mdoc";
  /** W3C VC as a JWT. */
  public static final String FORMAT_JWT_VC_JSON = "jwt_vc_json";
  /** W3C VC with a Data Integrity proof. */
  public static final String FORMAT_LDP_VC = "ldp_vc";

  public CredentialQuery {
    DcqlQuery.requireIdentifier(id, "credential query id");
    Objects.requireNonNull(format, "format");
    if (format.isBlank()) {
      throw new IllegalArgumentException("credential query " + id + ": format must not be blank");
    }
    if (meta != null) {
      meta = meta.deepCopy();
    }
    Set<String> claimIds = new HashSet<>();
    if (claims != null) {
      if (claims.isEmpty()) {
        throw new IllegalArgumentException("credential query " + id + ": claims must not be empty when present");
      }
      claims = List.copyOf(claims);
      for (ClaimsQuery c : claims) {
        if (c.id() != null && !claimIds.add(c.id())) {
          throw new IllegalArgumentException("credential query " + id + ": duplicate claims id " + c.id());
        }
      }
    }
    if (claimSets != null) {
      if (claims == null || claimSets.isEmpty()) {
        throw new IllegalArgumentException("credential query " + id + ": claim_sets needs claims and at least one set");
      }
      for (List<String> set : claimSets) {
        for (String claimId : set) {
          if (!claimIds.contains(claimId)) {
            throw new IllegalArgumentException("credential query " + id + ": claim_sets names unknown claims id " + claimId);
          }
        }
      }
      claimSets = claimSets.stream().map(List::copyOf).toList();
    }
  }

  /** A query for a credential of a format with the given claims. */
  public static CredentialQuery of(String id, String format, ClaimsQuery... claims) {
    return new CredentialQuery(id, format, null, null, claims.length == 0 ? null : List.of(claims), null, null, null);
  }

  /** An SD-JWT VC ({@value #FORMAT_SD_JWT}) query for credentials of one {@code vct}. */
  public static CredentialQuery sdJwt(String id, String vct, ClaimsQuery... claims) {
    ObjectNode meta = JsonNodeFactory.instance.objectNode();
    meta.putArray("vct_values").add(vct);
    return new CredentialQuery(id, FORMAT_SD_JWT, null, meta, claims.length == 0 ? null : List.of(claims), null, null, null);
  }

  /** An mdoc query for one doctype; claims are {@code [namespace, element]} paths. */
  public static CredentialQuery mdoc(String id, String doctype, ClaimsQuery... claims) {
    ObjectNode meta = JsonNodeFactory.instance.objectNode();
    meta.put("doctype_value", doctype);
    return new CredentialQuery(id, FORMAT_MDOC, null, meta, claims.length == 0 ? null : List.of(claims), null, null, null);
  }

  /** This query allowing several presentations. */
  public CredentialQuery withMultiple(boolean allow) {
    return new CredentialQuery(id, format, allow, meta, claims, claimSets, trustedAuthorities, requireCryptographicHolderBinding);
  }

  /** Whether more than one presentation may answer this query. */
  @JsonIgnore
  public boolean allowsMultiple() {
    return Boolean.TRUE.equals(multiple);
  }

  /** A defensive copy of {@link #meta()}, or null. */
  @Override
  public @Nullable ObjectNode meta() {
    return meta == null ? null : meta.deepCopy();
  }
}
