package io.proxima.mqtt.internal;

import io.proxima.error.ProximaException;
import io.proxima.mqtt.MqttConnectException;
import io.proxima.mqtt.MqttConnectionRefusedException;
import io.proxima.mqtt.MqttTlsException;
import io.vertx.mqtt.MqttConnectionException;
import java.net.URI;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/** Turns what the Vert.x client fails with into Proxima's typed errors. */
final class Errors {

  private Errors() {}

  /**
   * The typed error for a failed connection attempt.
   *
   * @param seen an exception the socket reported during the attempt (a TLS alert arrives that way)
   */
  static ProximaException connectFailure(URI brokerUrl, Throwable failure, @Nullable Throwable seen) {
    if (failure instanceof ProximaException p) {
      return p;
    }
    if (failure instanceof MqttConnectionException refused) {
      return new MqttConnectionRefusedException(refused.code().byteValue(), refused.code().name(), brokerUrl, null);
    }
    Throwable tls = tlsCause(failure);
    if (tls == null && seen != null) {
      tls = tlsCause(seen);
    }
    if (tls != null) {
      return new MqttTlsException("TLS handshake with the broker failed: " + tls.getMessage(), brokerUrl, null, failure);
    }
    return new MqttConnectException("cannot connect to the broker: " + describe(failure), brokerUrl, null, failure);
  }

  /** Whether reconnecting may help: not for TLS and authentication failures. */
  static boolean isTransient(Throwable t) {
    return !(t instanceof MqttTlsException) && !(t instanceof MqttConnectionRefusedException);
  }

  static String describe(Throwable t) {
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
  }

  private static @Nullable Throwable tlsCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SSLException || c instanceof GeneralSecurityException) {
        return c;
      }
    }
    return null;
  }
}
