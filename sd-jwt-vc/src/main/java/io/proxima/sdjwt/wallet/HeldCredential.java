package io.proxima.sdjwt.wallet;

import com.authlete.sd.SDJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import io.proxima.sdjwt.CredentialFormatException;
import io.proxima.sdjwt.SdJwtVc;
import io.proxima.sdjwt.internal.CheckFailure;
import io.proxima.sdjwt.internal.ClaimTree;
import io.proxima.sdjwt.internal.ClaimTree.Obj;
import io.proxima.sdjwt.internal.Json;
import io.proxima.sdjwt.internal.KeyBindingJwt;
import io.proxima.sdjwt.internal.ParsedDisclosure;
import io.proxima.sdjwt.internal.ParsedSdJwt;
import io.proxima.sdjwt.internal.SdJwtChecks;
import io.proxima.sdjwt.internal.Signatures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A credential in the wallet: the issuer-signed SD-JWT with all its disclosures, and the holder's
 * private key that its {@code cnf.jwk} names. Checked when created: an SD-JWT VC ({@code typ},
 * {@code vct}), {@code _sd_alg} sha-256, every disclosure valid and referenced exactly once
 * (RFC 9901 §7.2), no Key Binding JWT, and a holder key that is private and matches {@code cnf.jwk}.
 * The issuer signature is not verified here (the wallet holds no issuer trust); the verifier does.
 * Immutable and thread-safe.
 */
public final class HeldCredential {

  private final ParsedSdJwt sdJwt;
  private final List<ParsedDisclosure> disclosures;
  private final Obj tree;
  private final JWK holderKey;
  private final String vct;
  private final @Nullable String issuer;
  private final String type;

  private HeldCredential(ParsedSdJwt sdJwt, List<ParsedDisclosure> disclosures, Obj tree, JWK holderKey, String vct, @Nullable String issuer, String type) {
    this.sdJwt = sdJwt;
    this.disclosures = disclosures;
    this.tree = tree;
    this.holderKey = holderKey;
    this.vct = vct;
    this.issuer = issuer;
    this.type = type;
  }

  /**
   * A held credential.
   *
   * @param issuedSdJwt the SD-JWT as issued ({@code <JWT>~<disclosure>~...~}); surrounding whitespace is ignored
   * @param holderPrivateKey the private key of the credential's {@code cnf.jwk}
   * @throws CredentialFormatException with field {@code credential} or {@code holder_key} naming what is wrong
   */
  public static HeldCredential of(String issuedSdJwt, JWK holderPrivateKey) {
    Objects.requireNonNull(issuedSdJwt, "issuedSdJwt");
    Objects.requireNonNull(holderPrivateKey, "holderPrivateKey");
    String text = issuedSdJwt.strip();
    ParsedSdJwt parsed;
    List<ParsedDisclosure> disclosures;
    Obj tree;
    try {
      parsed = ParsedSdJwt.parse(text);
      if (parsed.keyBindingJwt() != null) {
        throw new CredentialFormatException("credential", "an issued credential has no Key Binding JWT (it must end with '~')");
      }
      ObjectNode payload = parsed.payload();
      JsonNode alg = payload.get("_sd_alg");
      if (alg != null && !SdJwtVc.HASH_ALGORITHM.equals(alg.asText())) {
        throw new CredentialFormatException("credential", "_sd_alg is not " + SdJwtVc.HASH_ALGORITHM);
      }
      disclosures = parsed.disclosures();
      tree = ClaimTree.decode(payload, disclosures);
    } catch (CheckFailure f) {
      throw new CredentialFormatException("credential", f.code() + ": " + f.detail());
    }
    ObjectNode payload = parsed.payload();
    var typ = parsed.jws().getHeader().getType();
    if (typ == null || !SdJwtChecks.isSdJwtVcType(typ.getType())) {
      throw new CredentialFormatException("credential", "the typ is not " + SdJwtVc.TYPE + " (or " + SdJwtVc.LEGACY_TYPE + ")");
    }
    JsonNode vct = payload.get("vct");
    if (vct == null || !vct.isTextual() || vct.asText().isEmpty()) {
      throw new CredentialFormatException("credential", "the credential has no vct");
    }
    checkHolderKey(payload, holderPrivateKey);
    JsonNode iss = payload.get("iss");
    return new HeldCredential(parsed, List.copyOf(disclosures), tree, holderPrivateKey, vct.asText(),
        iss != null && iss.isTextual() ? iss.asText() : null, typ.getType());
  }

  /**
   * Reads a credential file (the SD-JWT as issued) and a holder key file (a private JWK).
   * Blocking I/O: call it at the edge.
   *
   * @throws CredentialFormatException with field {@code credential} or {@code holder_key} if a file cannot be read or is not valid
   */
  public static HeldCredential load(Path credentialFile, Path holderKeyFile) {
    String credential;
    try {
      credential = Files.readString(credentialFile, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new CredentialFormatException("credential", "cannot read " + credentialFile + ": " + e.getClass().getSimpleName(), e);
    }
    return of(credential, loadHolderKey(holderKeyFile));
  }

  /**
   * Reads a private JWK. Blocking I/O.
   *
   * @throws CredentialFormatException with field {@code holder_key} if the file cannot be read or is not a private JWK
   */
  public static JWK loadHolderKey(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CredentialFormatException("holder_key", "cannot read " + file + ": " + e.getClass().getSimpleName(), e);
    }
    try {
      JWK key = JWK.parse(text.strip());
      if (!key.isPrivate()) {
        throw new CredentialFormatException("holder_key", file + " holds a public key; the holder key must be private");
      }
      return key;
    } catch (ParseException e) {
      throw new CredentialFormatException("holder_key", file + " is not a JWK");
    }
  }

  private static void checkHolderKey(ObjectNode payload, JWK holderKey) {
    if (!holderKey.isPrivate()) {
      throw new CredentialFormatException("holder_key", "the holder key must be private");
    }
    try {
      Signatures.signer(holderKey);
    } catch (IllegalArgumentException e) {
      throw new CredentialFormatException("holder_key", "cannot sign with it: " + e.getMessage());
    }
    JsonNode cnf = payload.path("cnf").path("jwk");
    if (!cnf.isObject()) {
      throw new CredentialFormatException("credential", "the credential has no cnf.jwk (no holder binding)");
    }
    try {
      JWK bound = JWK.parse(Json.text(cnf));
      if (!bound.computeThumbprint().equals(holderKey.toPublicJWK().computeThumbprint())) {
        throw new CredentialFormatException("holder_key", "it is not the key of the credential's cnf.jwk");
      }
    } catch (ParseException | JOSEException e) {
      throw new CredentialFormatException("credential", "cnf.jwk is not a valid JWK");
    }
  }

  /** The credential type. */
  public String vct() {
    return vct;
  }

  /** The {@code iss}, if any. */
  public @Nullable String issuer() {
    return issuer;
  }

  /** The JWS {@code typ}: {@code dc+sd-jwt} or the legacy {@code vc+sd-jwt}. */
  public String type() {
    return type;
  }

  /** Every claim with every disclosure applied: what the wallet shows its user. */
  public ObjectNode claims() {
    return (ObjectNode) ClaimTree.toJson(tree);
  }

  /** The holder's public key. */
  public JWK holderPublicKey() {
    return holderKey.toPublicJWK();
  }

  /** The number of disclosures the credential carries. */
  public int disclosureCount() {
    return disclosures.size();
  }

  Obj tree() {
    return tree;
  }

  /**
   * An SD-JWT+KB revealing exactly {@code selected}: the issuer-signed JWT, those disclosures in
   * the order the issuer gave them, and a Key Binding JWT over them.
   */
  String present(Set<ParsedDisclosure> selected, String audience, String nonce, Instant issuedAt) {
    List<com.authlete.sd.Disclosure> chosen = disclosures.stream().filter(selected::contains).map(ParsedDisclosure::disclosure).toList();
    SDJWT withoutKb = new SDJWT(sdJwt.issuerJwt(), chosen);
    String kb = KeyBindingJwt.create(holderKey, withoutKb.getSDHash(), audience, nonce, issuedAt);
    return new SDJWT(sdJwt.issuerJwt(), chosen, kb).toString();
  }

  /** Shows the type and issuer, never claims or keys. */
  @Override
  public String toString() {
    return "HeldCredential[" + vct + ", " + issuer + ", " + disclosures.size() + " disclosures]";
  }
}
