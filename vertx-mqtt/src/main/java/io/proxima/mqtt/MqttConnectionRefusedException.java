package io.proxima.mqtt;

import io.proxima.message.SessionId;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * The broker answered CONNECT with a refusing CONNACK (MQTT 3.1.1 §3.2.2.3), for example bad user
 * name or password (4) or not authorised (5). Not retried.
 */
public final class MqttConnectionRefusedException extends MqttConnectException {

  private static final long serialVersionUID = 1L;

  private final int returnCode;
  private final String reason;

  public MqttConnectionRefusedException(int returnCode, String reason, URI brokerUrl, @Nullable SessionId sessionId) {
    super("broker refused the connection: " + reason + " (CONNACK return code " + returnCode + ")", brokerUrl, sessionId, null);
    this.returnCode = returnCode;
    this.reason = reason;
  }

  /** The CONNACK return code, 1 to 5. */
  public int returnCode() {
    return returnCode;
  }

  /** The return code's name, e.g. {@code CONNECTION_REFUSED_NOT_AUTHORIZED}. */
  public String reason() {
    return reason;
  }
}
