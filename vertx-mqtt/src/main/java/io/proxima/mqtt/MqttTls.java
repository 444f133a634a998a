package io.proxima.mqtt;

import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * TLS settings, used for {@code mqtts://} broker URLs. The broker's certificate is always checked
 * against the trusted CAs and its host name (or IP address) against the certificate's subject
 * alternative names; there is deliberately no "trust all" switch.
 *
 * @param caFile PEM file with the CA certificates to trust; {@code null} trusts the JVM's default
 *     trust store (public CAs)
 * @param certificateFile PEM file with this client's certificate chain, for brokers that require
 *     client certificates; {@code null} for none
 * @param keyFile PEM file with the PKCS#8 private key ({@code BEGIN PRIVATE KEY}) of {@code certificateFile}
 * @param hostnameVerification whether the broker's certificate must name the host connected to.
 *     Keep it on; turn it off only for brokers reached through an address their certificate cannot
 *     name, and only with a private CA
 */
public record MqttTls(
    @Nullable Path caFile, @Nullable Path certificateFile, @Nullable Path keyFile, boolean hostnameVerification) {

  private static final MqttTls DEFAULT = new MqttTls(null, null, null, true);

  public MqttTls {
    if ((certificateFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException("a client certificate needs its key file, and a key file its certificate");
    }
  }

  /** The JVM's trusted CAs, no client certificate, host name verified. */
  public static MqttTls defaults() {
    return DEFAULT;
  }

  /** Trust (only) the CAs in this PEM file. */
  public MqttTls trust(Path caPemFile) {
    return new MqttTls(Objects.requireNonNull(caPemFile, "caPemFile"), certificateFile, keyFile, hostnameVerification);
  }

  /** Present this client certificate chain and key (PEM files). */
  public MqttTls clientCertificate(Path certificatePemFile, Path keyPemFile) {
    return new MqttTls(
        caFile,
        Objects.requireNonNull(certificatePemFile, "certificatePemFile"),
        Objects.requireNonNull(keyPemFile, "keyPemFile"),
        hostnameVerification);
  }

  /** Whether to verify the broker's host name; see the record description. */
  public MqttTls hostnameVerification(boolean verify) {
    return new MqttTls(caFile, certificateFile, keyFile, verify);
  }
}
