package io.proxima.sdjwt.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test PKI with Bouncy Castle: a root CA, and issuer certificates it signs. */
public final class TestCertificates {

  private static final AtomicLong SERIAL = new AtomicLong(1);

  private TestCertificates() {}

  /** A certificate and the JWK of its private key. */
  public record Issued(X509Certificate certificate, JWK privateKey) {}

  /** A self-signed CA valid around {@link Fixtures#NOW}. */
  public static Issued rootCa(String name) {
    JWK key = Fixtures.holderKey();
    KeyPair pair = pair(key);
    return new Issued(build(name, pair.getPublic(), name, pair.getPrivate(), true, Fixtures.NOW.minusSeconds(86400), Fixtures.NOW.plusSeconds(86400 * 365), KeyUsage.keyCertSign), key);
  }

  /** A leaf certificate for a fresh key, signed by {@code ca}. */
  public static Issued leaf(String subject, Issued ca, Instant notBefore, Instant notAfter, int keyUsage) {
    JWK key = Fixtures.holderKey();
    return new Issued(build(subject, pair(key).getPublic(), ca.certificate().getSubjectX500Principal().getName(), pair(ca.privateKey()).getPrivate(), false,
        notBefore, notAfter, keyUsage), key);
  }

  /** A leaf valid around NOW for digital signatures. */
  public static Issued leaf(String subject, Issued ca) {
    return leaf(subject, ca, Fixtures.NOW.minusSeconds(3600), Fixtures.NOW.plusSeconds(86400 * 30), KeyUsage.digitalSignature);
  }

  private static KeyPair pair(JWK key) {
    try {
      ECKey ec = key.toECKey();
      return new KeyPair(ec.toECPublicKey(), ec.toECPrivateKey());
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }

  private static X509Certificate build(String subject, PublicKey publicKey, String issuer, PrivateKey signer, boolean ca, Instant notBefore,
      Instant notAfter, int keyUsage) {
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(SERIAL.getAndIncrement()),
          Date.from(notBefore), Date.from(notAfter), new X500Name(subject), publicKey);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
      return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    } catch (Exception e) {
      throw new AssertionError("certificate generation failed", e);
    }
  }
}
