package io.proxima.engagement;

import io.proxima.error.InvalidEngagementException;
import java.net.URI;
import java.util.Objects;
import java.util.UUID;

/**
 * The MQTT part of an engagement: the broker and the topic id (PROTOCOL.md §1, §4).
 *
 * @param brokerUrl the broker, with scheme, host and an explicit port, e.g.
 *     {@code mqtts://broker.example:8883}
 * @param topicId the session's topic id; always written in lowercase
 */
public record MqttEndpoint(URI brokerUrl, UUID topicId) implements EngagementEndpoint {

  /** @throws InvalidEngagementException if the broker URL lacks a scheme, a host or a port */
  public MqttEndpoint {
    Objects.requireNonNull(topicId, "topicId");
    validateBrokerUrl(Objects.requireNonNull(brokerUrl, "brokerUrl"));
  }

  @Override
  public TransportType type() {
    return TransportType.MQTT;
  }

  /** The topic id in the form used in topics: lowercase with hyphens. */
  public String topicIdString() {
    return topicId.toString();
  }

  static void validateBrokerUrl(URI url) {
    if (!url.isAbsolute() || url.isOpaque()) {
      throw new InvalidEngagementException("brokerUrl", "must be an absolute URL such as mqtts://host:8883");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw new InvalidEngagementException("brokerUrl", "has no host");
    }
    if (url.getPort() < 1 || url.getPort() > 65535) {
      throw new InvalidEngagementException("brokerUrl", "must carry an explicit port");
    }
  }
}
