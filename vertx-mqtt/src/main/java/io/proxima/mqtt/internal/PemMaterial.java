package io.proxima.mqtt.internal;

import io.proxima.mqtt.MqttTls;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The PEM files of an {@link MqttTls}, read once (on a bounded-elastic thread) and handed to
 * Vert.x as in-memory values, so that no event loop ever reads a file, not even on reconnect.
 */
record PemMaterial(@Nullable Buffer ca, @Nullable Buffer certificate, @Nullable Buffer key) {

  static final PemMaterial NONE = new PemMaterial(null, null, null);

  static Mono<PemMaterial> load(MqttTls tls) {
    if (tls.caFile() == null && tls.certificateFile() == null) {
      return Mono.just(NONE);
    }
    return Mono.fromCallable(() -> new PemMaterial(read(tls.caFile()), read(tls.certificateFile()), read(tls.keyFile())))
        .subscribeOn(Schedulers.boundedElastic());
  }

  @Nullable PemTrustOptions trustOptions() {
    return ca == null ? null : new PemTrustOptions().addCertValue(ca);
  }

  @Nullable PemKeyCertOptions keyCertOptions() {
    if (certificate == null || key == null) {
      return null;
    }
    return new PemKeyCertOptions().setCertValue(certificate).setKeyValue(key);
  }

  private static @Nullable Buffer read(@Nullable Path file) {
    if (file == null) {
      return null;
    }
    try {
      return Buffer.buffer(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read PEM file " + file, e);
    }
  }
}
