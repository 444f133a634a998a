package io.proxima.sdjwt.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import io.proxima.oid4vp.error.DidResolutionException;
import io.proxima.oid4vp.request.DidKeys;
import io.proxima.oid4vp.request.VerificationMethod;
import io.proxima.sdjwt.SdJwtReasons;
import io.proxima.sdjwt.verifier.IssuerTrust;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds the trusted key(s) for an issuer-signed JWT (SD-JWT VC §3.5, key discovery by
 * configuration): from its {@code x5c} chain validated (PKIX, no revocation: offline) to a
 * configured root (Bouncy Castle PKIX); from its {@code iss} when that is a did:key / did:jwk on the trust list (the
 * {@code kid}, if any, must be a verification method of that DID); from the JWKS of trusted keys
 * (by {@code kid} when the header has one, plus keys without a kid; else every key that fits the algorithm). The first mechanism that yields
 * keys wins.
 */
public final class IssuerKeys {

  /**
   * Trusted candidate keys and how they were found.
   *
   * @param keys the candidates, tried in order
   * @param source {@code x5c}, {@code did} or {@code jwks}
   * @param issuer who the issuer is by that mechanism: the certificate subject, the DID, or {@code iss}
   */
  public record Trusted(List<JWK> keys, String source, @Nullable String issuer) {}

  private IssuerKeys() {}

  /**
   * The trusted keys for a header and {@code iss}.
   *
   * @throws CheckFailure {@link SdJwtReasons#ISSUER_UNTRUSTED} naming why each mechanism did not apply
   */
  public static Trusted resolve(JWSHeader header, @Nullable JsonNode iss, IssuerTrust trust, Instant now) throws CheckFailure {
    List<String> why = new ArrayList<>();
    String issuer = iss != null && iss.isTextual() ? iss.asText() : null;
    List<Base64> x5c = header.getX509CertChain();
    if (x5c != null && !x5c.isEmpty()) {
      if (trust.rootCertificates().isEmpty()) {
        why.add("x5c present but no root certificate is configured");
      } else {
        try {
          return x5c(x5c, trust, now);
        } catch (CheckFailure e) {
          why.add(e.detail());
        }
      }
    }
    if (issuer != null && issuer.startsWith("did:")) {
      if (trust.dids().contains(issuer)) {
        try {
          return did(issuer, header.getKeyID());
        } catch (CheckFailure e) {
          why.add(e.detail());
        }
      } else {
        why.add("issuer DID is not on the trust list");
      }
    }
    if (!trust.keys().isEmpty()) {
      List<JWK> candidates = jwks(header, trust.keys());
      if (!candidates.isEmpty()) {
        return new Trusted(candidates, "jwks", issuer);
      }
      why.add(header.getKeyID() != null ? "no trusted key has the kid of the credential" : "no trusted key fits the algorithm");
    }
    if (why.isEmpty()) {
      why.add("no issuer is trusted (no JWKS, root certificate or DID configured)");
    }
    throw new CheckFailure(SdJwtReasons.ISSUER_UNTRUSTED, String.join("; ", why));
  }

  private static Trusted x5c(List<Base64> encoded, IssuerTrust trust, Instant now) throws CheckFailure {
    X509Certificate leaf;
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509", BouncyCastle.PROVIDER);
      List<X509Certificate> chain = new ArrayList<>();
      for (Base64 der : encoded) {
        chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der.decode())));
      }
      Set<TrustAnchor> anchors = new LinkedHashSet<>();
      List<byte[]> rootEncodings = new ArrayList<>();
      for (X509Certificate root : trust.rootCertificates()) {
        // Re-read with the same provider so the anchors' keys are Bouncy Castle keys too.
        rootEncodings.add(root.getEncoded());
        anchors.add(new TrustAnchor((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(root.getEncoded())), null));
      }
      leaf = chain.get(0);
      // The path must not contain an anchor itself (PKIX would take it for an intermediate).
      List<X509Certificate> path = new ArrayList<>();
      for (X509Certificate c : chain) {
        byte[] der = c.getEncoded();
        if (rootEncodings.stream().noneMatch(r -> Arrays.equals(r, der))) {
          path.add(c);
        }
      }
      if (!path.isEmpty()) {
        PKIXParameters params = new PKIXParameters(anchors);
        params.setRevocationEnabled(false);
        params.setDate(Date.from(now));
        CertPathValidator.getInstance("PKIX", BouncyCastle.PROVIDER).validate(factory.generateCertPath(path), params);
      }
    } catch (CertificateException e) {
      throw new CheckFailure(SdJwtReasons.ISSUER_UNTRUSTED, "x5c does not hold X.509 certificates");
    } catch (GeneralSecurityException e) {
      throw new CheckFailure(SdJwtReasons.ISSUER_UNTRUSTED, "x5c chain does not validate to a configured root");
    }
    boolean[] usage = leaf.getKeyUsage();
    if (usage != null && !usage[0]) {
      throw new CheckFailure(SdJwtReasons.ISSUER_UNTRUSTED, "the x5c leaf certificate is not for digital signatures");
    }
    JWK key;
    try {
      key = JWK.parse(leaf);
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new CheckFailure(SdJwtReasons.ISSUER_UNTRUSTED, "the x5c leaf certificate key is not EC or RSA");
    }
    return new Trusted(List.of(key.toPublicJWK()), "x5c", leaf.getSubjectX500Principal().getName());
  }

  private static Trusted did(String issuer, @Nullable String kid) throws CheckFailure {
    String url = kid == null ? issuer : kid.startsWith("#") ? issuer + kid : kid;
    VerificationMethod method;
    try {
      method = DidKeys.resolve(url);
    } catch (DidResolutionException e) {
      throw new CheckFailure(SdJwtReasons.ISSUER_UNTRUSTED, "issuer DID does not resolve: " + e.getMessage());
    }
    if (!method.did().equals(issuer)) {
      throw new CheckFailure(SdJwtReasons.ISSUER_UNTRUSTED, "kid is not a verification method of the issuer DID");
    }
    return new Trusted(List.of(method.publicKey()), "did", issuer);
  }

  /** By kid when the header has one (keys without a kid are tried too), else every key that fits the algorithm. */
  private static List<JWK> jwks(JWSHeader header, List<JWK> keys) {
    String kid = header.getKeyID();
    JWSAlgorithm alg = header.getAlgorithm();
    List<JWK> byKid = new ArrayList<>();
    List<JWK> fitting = new ArrayList<>();
    for (JWK k : keys) {
      if (KeyUse.ENCRYPTION.equals(k.getKeyUse())) {
        continue;
      }
      if (kid != null && kid.equals(k.getKeyID())) {
        byKid.add(k);
      } else if ((kid == null || k.getKeyID() == null) && fits(k, alg)) {
        fitting.add(k);
      }
    }
    return byKid.isEmpty() ? fitting : byKid;
  }

  private static boolean fits(JWK key, JWSAlgorithm alg) {
    String name = alg.getName();
    if (key instanceof ECKey) {
      return name.startsWith("ES");
    }
    if (key instanceof OctetKeyPair) {
      return alg.equals(JWSAlgorithm.EdDSA) || alg.equals(JWSAlgorithm.Ed25519);
    }
    return key instanceof RSAKey && (name.startsWith("RS") || name.startsWith("PS"));
  }
}
