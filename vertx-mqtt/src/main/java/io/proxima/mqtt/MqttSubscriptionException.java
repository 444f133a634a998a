package io.proxima.mqtt;

import io.proxima.error.TransportException;
import io.proxima.message.SessionId;
import org.jspecify.annotations.Nullable;

/** The broker refused a subscription (SUBACK return code 0x80), typically by its access rules. */
public final class MqttSubscriptionException extends TransportException {

  private static final long serialVersionUID = 1L;

  private final String topicFilter;

  public MqttSubscriptionException(String topicFilter, @Nullable SessionId sessionId) {
    super("broker refused the subscription to " + topicFilter, sessionId, null);
    this.topicFilter = topicFilter;
  }

  /** The refused topic filter. */
  public String topicFilter() {
    return topicFilter;
  }
}
