package io.proxima.mqtt.internal;

import io.proxima.engagement.TransportType;
import io.proxima.error.ProximaException;
import io.proxima.message.Frame;
import io.proxima.message.Role;
import io.proxima.mqtt.MqttTopics;
import io.proxima.transport.TransportCapabilities;
import io.proxima.transport.internal.AbstractFrameConnection;
import reactor.core.publisher.Mono;

/**
 * One side of a session over MQTT: frames are published on the topic of their kind and arrive
 * from the topics the session subscribed. Closing unsubscribes the session's topics.
 */
final class MqttFrameConnection extends AbstractFrameConnection {

  private final SessionBase session;

  MqttFrameConnection(SessionBase session, Role role) {
    super(
        session.id,
        role,
        TransportType.MQTT,
        TransportCapabilities.mqtt(session.broker.config().maxMessageSize()),
        session.broker.config().inboundCapacity());
    this.session = session;
  }

  SessionBase session() {
    return session;
  }

  void arrived(Frame frame) {
    deliver(frame);
  }

  void linkDown() {
    interrupted();
  }

  void linkUp() {
    resumed();
  }

  void failWith(ProximaException cause) {
    fail(cause);
  }

  @Override
  protected Mono<Void> doSend(Frame frame) {
    return session.broker.publish(MqttTopics.topic(sessionId(), frame.kind()), frame.payload(), sessionId());
  }

  @Override
  protected Mono<Void> doClose() {
    return session.end();
  }
}
