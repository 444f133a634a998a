package io.proxima.cli.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import io.proxima.oid4vp.request.DidMethod;
import io.proxima.oid4vp.request.RequestSigner;
import io.proxima.sdjwt.verifier.IssuerTrust;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verifier's signing key and the trusted issuers, read at start-up (blocking file I/O, at the
 * edge). Messages name files, never key material.
 */
final class Identity {

  private static final Logger log = LoggerFactory.getLogger(Identity.class);

  private Identity() {}

  /**
   * The request signer of {@code verifier}: the key in {@code signingKey}, generated and written
   * there when the file does not exist, or generated for this run when no file is configured. Both
   * generations log a warning.
   *
   * @throws GatewayConfigException when the file cannot be read or holds no usable private key
   */
  static RequestSigner signer(GatewayConfig config) {
    GatewayConfig.VerifierIdentity v = config.verifier();
    DidMethod method = v.didMethod().equals("jwk") ? DidMethod.JWK : DidMethod.KEY;
    if (v.signingKey() == null) {
      RequestSigner signer = RequestSigner.of(generate(v.keyType()), method);
      log.warn("no verifier.signingKey configured: generated a signing key for this run only ({}); wallets will see a new verifier "
          + "identity after every restart, and scaled-out instances will not share one", signer.did());
      return signer;
    }
    Path file = config.path(v.signingKey());
    if (!Files.exists(file)) {
      JWK key = generate(v.keyType());
      write(file, key);
      RequestSigner signer = RequestSigner.of(key, method);
      log.warn("verifier signing key {} did not exist: generated a new {} key ({}) and wrote it there; give every instance "
          + "of this gateway the same file", file, v.keyType(), signer.did());
      return signer;
    }
    try {
      JWK key = JWK.parse(Files.readString(file, StandardCharsets.UTF_8));
      return RequestSigner.of(key, method);
    } catch (IOException e) {
      throw new GatewayConfigException("verifier.signingKey: cannot read " + file + ": " + e.getMessage(), e);
    } catch (ParseException e) {
      throw new GatewayConfigException("verifier.signingKey: " + file + " is not a JWK", e);
    } catch (IllegalArgumentException e) {
      throw new GatewayConfigException("verifier.signingKey: " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The trusted issuers; empty when none are configured.
   *
   * @throws GatewayConfigException naming the file that cannot be used
   */
  static IssuerTrust trust(GatewayConfig config) {
    GatewayConfig.Trust t = config.trust();
    IssuerTrust trust = IssuerTrust.none();
    try {
      for (String f : t.jwks()) {
        trust = trust.withKeys(IssuerTrust.parseJwks(Files.readString(config.path(f), StandardCharsets.UTF_8)));
      }
      for (String f : t.certificates()) {
        trust = trust.withRootCertificates(IssuerTrust.loadCertificates(config.path(f)));
      }
      if (!t.dids().isEmpty()) {
        trust = trust.withDids(t.dids());
      }
    } catch (IOException e) {
      throw new GatewayConfigException("trust: cannot read " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new GatewayConfigException("trust: " + e.getMessage(), e);
    }
    return trust;
  }

  private static JWK generate(String keyType) {
    try {
      return keyType.equals("ED25519") ? new OctetKeyPairGenerator(Curve.Ed25519).generate() : new ECKeyGenerator(Curve.P_256).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate a " + keyType + " key: " + e.getMessage(), e);
    }
  }

  private static void write(Path file, JWK key) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(file, key.toJSONString() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new GatewayConfigException("verifier.signingKey: cannot write a generated key to " + file + ": " + e.getMessage(), e);
    }
  }
}
