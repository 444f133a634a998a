package io.proxima.mqtt.internal;

import io.proxima.engagement.EngagementEndpoint;
import io.proxima.engagement.TransportType;
import io.proxima.error.ProximaException;
import io.proxima.message.Frame;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.InboundIdentify;
import io.proxima.transport.internal.AbstractSessionListener;
import reactor.core.publisher.Mono;

/** A verifier's listener: the Identify attempts published on the session's identify topic. */
final class MqttListener extends AbstractSessionListener {

  /** MQTT does not say who published: every Identify comes from "someone on the broker". */
  static final String PEER = "mqtt-broker";

  private final VerifierSession session;

  MqttListener(VerifierSession session, EngagementEndpoint endpoint, int identifyCapacity) {
    super(session.id, TransportType.MQTT, endpoint, identifyCapacity);
    this.session = session;
  }

  void identify(Frame frame) {
    identifyReceived(frame, PEER, frame);
  }

  void failWith(ProximaException cause) {
    fail(cause);
  }

  boolean accepted() {
    return isAccepted();
  }

  @Override
  protected Mono<FrameConnection> doAccept(InboundIdentify identify) {
    return Mono.fromCallable(session::accept);
  }

  @Override
  protected Mono<Void> doClose() {
    return session.end();
  }
}
