package io.proxima.sdjwt.verifier;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.X509CertChainUtils;
import io.proxima.oid4vp.request.DidKeys;
import io.proxima.sdjwt.CredentialFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which issuers a verifier trusts: the key of an issuer-signed JWT is trusted if it is in the
 * JWKS of trusted issuer keys, if the JWT's {@code x5c} chain leads to one of the root
 * certificates, or if the JWT's {@code iss} is a did:key / did:jwk on the DID list (the key then
 * comes from the DID itself). Immutable; {@code with} methods return a new instance.
 *
 * <pre>{@code
 * IssuerTrust trust = IssuerTrust.loadJwks(Path.of("issuer-jwks.json"))
 *     .withRootCertificates(IssuerTrust.loadCertificates(Path.of("roots.pem")))
 *     .withDids(List.of("did:key:zDn..."));
 * }</pre>
 */
public final class IssuerTrust {

  private static final IssuerTrust NONE = new IssuerTrust(List.of(), List.of(), Set.of());

  private final List<JWK> keys;
  private final List<X509Certificate> roots;
  private final Set<String> dids;

  private IssuerTrust(List<JWK> keys, List<X509Certificate> roots, Set<String> dids) {
    this.keys = keys;
    this.roots = roots;
    this.dids = dids;
  }

  /** Trusts nobody: every presentation fails with {@code sd_jwt.issuer_untrusted}. */
  public static IssuerTrust none() {
    return NONE;
  }

  /** Trusts the keys of a JWKS. */
  public static IssuerTrust of(JWKSet jwks) {
    return NONE.withKeys(jwks);
  }

  /**
   * Reads a JWKS file ({@code {"keys": [...]}}) of trusted issuer keys. Blocking I/O: call it at
   * the edge (start-up), not on an event loop.
   *
   * @throws CredentialFormatException with field {@code jwks} if the file cannot be read or is not a JWKS
   */
  public static IssuerTrust loadJwks(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CredentialFormatException("jwks", "cannot read " + file + ": " + e.getClass().getSimpleName(), e);
    }
    return of(parseJwks(text));
  }

  /**
   * Parses a JWKS.
   *
   * @throws CredentialFormatException with field {@code jwks} if it is not a JWKS of public keys
   */
  public static JWKSet parseJwks(String json) {
    JWKSet set;
    try {
      set = JWKSet.parse(json);
    } catch (ParseException e) {
      throw new CredentialFormatException("jwks", "not a JWK set", e);
    }
    if (set.getKeys().isEmpty()) {
      throw new CredentialFormatException("jwks", "the JWK set has no keys");
    }
    return set;
  }

  /**
   * Reads PEM certificates (trusted roots). Blocking I/O: call it at the edge.
   *
   * @throws CredentialFormatException with field {@code certificates} if the file cannot be read or holds none
   */
  public static List<X509Certificate> loadCertificates(Path pemFile) {
    try {
      List<X509Certificate> certs = X509CertChainUtils.parse(Files.readString(pemFile, StandardCharsets.US_ASCII));
      if (certs.isEmpty()) {
        throw new CredentialFormatException("certificates", pemFile + " holds no PEM certificate");
      }
      return certs;
    } catch (IOException | CertificateException e) {
      throw new CredentialFormatException("certificates", "cannot read " + pemFile + ": " + e.getClass().getSimpleName(), e);
    }
  }

  /** This trust plus the public keys of a JWKS (private members are dropped). */
  public IssuerTrust withKeys(JWKSet jwks) {
    Objects.requireNonNull(jwks, "jwks");
    List<JWK> copy = new ArrayList<>(keys);
    for (JWK k : jwks.getKeys()) {
      copy.add(k.toPublicJWK());
    }
    return new IssuerTrust(List.copyOf(copy), roots, dids);
  }

  /** This trust plus root certificates for {@code x5c} chains. */
  public IssuerTrust withRootCertificates(Collection<X509Certificate> certificates) {
    List<X509Certificate> copy = new ArrayList<>(roots);
    copy.addAll(Objects.requireNonNull(certificates, "certificates"));
    return new IssuerTrust(keys, List.copyOf(copy), dids);
  }

  /**
   * This trust plus issuer DIDs (did:key or did:jwk).
   *
   * @throws io.proxima.oid4vp.error.DidResolutionException if one does not resolve offline
   */
  public IssuerTrust withDids(Collection<String> issuerDids) {
    Set<String> copy = new LinkedHashSet<>(dids);
    for (String did : Objects.requireNonNull(issuerDids, "dids")) {
      if (did.indexOf('#') >= 0) {
        throw new IllegalArgumentException("a trusted issuer is a DID, not a DID URL");
      }
      DidKeys.resolve(did);
      copy.add(did);
    }
    return new IssuerTrust(keys, roots, Set.copyOf(copy));
  }

  /** The trusted issuer keys (public). */
  public List<JWK> keys() {
    return keys;
  }

  /** The trusted root certificates. */
  public List<X509Certificate> rootCertificates() {
    return roots;
  }

  /** The trusted issuer DIDs. */
  public Set<String> dids() {
    return dids;
  }

  /** Whether nothing is trusted. */
  public boolean isEmpty() {
    return keys.isEmpty() && roots.isEmpty() && dids.isEmpty();
  }

  @Override
  public String toString() {
    return "IssuerTrust[" + keys.size() + " keys, " + roots.size() + " roots, " + dids.size() + " DIDs]";
  }
}
