package io.proxima.mqtt;

import io.proxima.message.SessionId;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * The TLS handshake with the broker failed: its certificate is not signed by a trusted CA, does
 * not name the host, has expired, or the broker refused this client's certificate. Not retried.
 */
public final class MqttTlsException extends MqttConnectException {

  private static final long serialVersionUID = 1L;

  public MqttTlsException(String message, URI brokerUrl, @Nullable SessionId sessionId, @Nullable Throwable cause) {
    super(message, brokerUrl, sessionId, cause);
  }
}
