package io.proxima.mqtt;

import io.proxima.error.TransportException;
import io.proxima.message.SessionId;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * A connection to the broker could not be established: unreachable, closed before CONNACK, or
 * one of the more specific subclasses (TLS, refused). Reconnecting retries this one; it does not
 * retry {@link MqttTlsException} or {@link MqttConnectionRefusedException}, which need a fix.
 */
public class MqttConnectException extends TransportException {

  private static final long serialVersionUID = 1L;

  private final URI brokerUrl;

  public MqttConnectException(String message, URI brokerUrl, @Nullable SessionId sessionId, @Nullable Throwable cause) {
    super(message + " (broker " + brokerUrl + ")", sessionId, cause);
    this.brokerUrl = brokerUrl;
  }

  /** The broker that was being connected to. */
  public URI brokerUrl() {
    return brokerUrl;
  }
}
