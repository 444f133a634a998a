package io.proxima.mqtt;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for TLS tests, generated with Bouncy Castle: a CA, and certificates it signs,
 * written as PEM files (certificates, PKCS#8 keys) that mosquitto and Vert.x both read.
 */
public final class TestPki {

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** A certificate and its key as PEM files. */
  public record Issued(Path certificate, Path key) {}

  private final Path dir;
  private final String name;
  private final KeyPair caKeys;
  private final X509CertificateHolder caCert;
  private final Path caFile;

  private TestPki(Path dir, String name) throws GeneralSecurityException, IOException {
    this.dir = readableByBroker(dir);
    this.name = name;
    this.caKeys = ecKeys();
    X500Name subject = new X500Name("CN=" + name + " test CA");
    JcaX509v3CertificateBuilder b = builder(subject, subject, caKeys);
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    this.caCert = b.build(signer(caKeys));
    this.caFile = dir.resolve(name + "-ca.pem");
    writePem(caFile, caCert);
  }

  /** A new CA in {@code dir}, named {@code name}. */
  public static TestPki create(Path dir, String name) {
    try {
      return new TestPki(dir, name);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot create test PKI", e);
    }
  }

  /** The CA certificate, PEM. */
  public Path caFile() {
    return caFile;
  }

  /** A server certificate for these subject alternative names (IP addresses or DNS names). */
  public Issued server(String fileName, String... altNames) {
    return issue(fileName, "CN=" + fileName, altNames);
  }

  /** A client certificate. */
  public Issued client(String fileName) {
    return issue(fileName, "CN=" + fileName);
  }

  private Issued issue(String fileName, String subject, String... altNames) {
    try {
      KeyPair keys = ecKeys();
      JcaX509v3CertificateBuilder b = builder(caCert.getSubject(), new X500Name(subject), keys);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      if (altNames.length > 0) {
        GeneralName[] names = new GeneralName[altNames.length];
        for (int i = 0; i < altNames.length; i++) {
          names[i] =
              altNames[i].matches("[0-9.]+")
                  ? new GeneralName(GeneralName.iPAddress, altNames[i])
                  : new GeneralName(GeneralName.dNSName, altNames[i]);
        }
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      }
      X509CertificateHolder cert = b.build(signer(caKeys));
      Path certFile = dir.resolve(name + "-" + fileName + ".pem");
      Path keyFile = dir.resolve(name + "-" + fileName + "-key.pem");
      writePem(certFile, cert);
      writePem(keyFile, new JcaPKCS8Generator(keys.getPrivate(), null));
      return new Issued(certFile, keyFile);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot issue a test certificate", e);
    }
  }

  private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(2))),
        subject,
        keys.getPublic());
  }

  private static ContentSigner signer(KeyPair keys) {
    try {
      return new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair ecKeys() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static void writePem(Path file, Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Files.writeString(file, out.toString());
      readableByBroker(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Makes a test file or directory readable by mosquitto, which drops root privileges to its own
   * user before reading its configured files.
   */
  public static Path readableByBroker(Path path) throws IOException {
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
    return path;
  }
}
