package io.proxima.mqtt.internal;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.proxima.mqtt.MqttTls;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The TLS client context of a broker connection, built once on a bounded-elastic thread: reading
 * the PEM files and initialising the JDK's SSLContext (which reads the system's random source)
 * are blocking, and Vert.x would otherwise do both on the event loop at every connection attempt.
 * Every link of the connection reuses it; Vert.x still configures each engine (host name
 * verification, SNI).
 */
final class TlsContext {

  private TlsContext() {}

  /** The client context for {@code tls}; the JVM's trusted CAs when no CA file is given. */
  static Mono<SslContext> build(MqttTls tls) {
    return Mono.fromCallable(() -> create(tls)).subscribeOn(Schedulers.boundedElastic());
  }

  private static SslContext create(MqttTls tls) throws IOException, GeneralSecurityException {
    SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
    if (tls.caFile() != null) {
      try (InputStream ca = open(tls.caFile())) {
        b.trustManager(ca);
      }
    } else {
      javax.net.ssl.TrustManagerFactory tmf =
          javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init((java.security.KeyStore) null);
      b.trustManager(tmf);
    }
    if (tls.certificateFile() != null && tls.keyFile() != null) {
      try (InputStream cert = open(tls.certificateFile());
          InputStream key = open(tls.keyFile())) {
        b.keyManager(cert, key);
      }
    }
    try {
      return b.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new GeneralSecurityException("invalid TLS material: " + e.getMessage(), e);
    }
  }

  private static InputStream open(@Nullable Path file) throws IOException {
    return Files.newInputStream(java.util.Objects.requireNonNull(file, "file"));
  }

  /** Hands Vert.x the prebuilt context instead of letting it build one on the event loop. */
  static final class Prebuilt extends JdkSSLEngineOptions {
    private final SslContext context;

    Prebuilt(SslContext context) {
      this.context = context;
    }

    @Override
    public SslContextFactory sslContextFactory() {
      return () -> context;
    }

    @Override
    public JdkSSLEngineOptions copy() {
      return this;
    }
  }
}
