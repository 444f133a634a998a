package io.proxima.mqtt.internal;

import io.proxima.engagement.EngagementEndpoint;
import io.proxima.error.ProximaException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.Role;
import io.proxima.message.SessionId;
import io.proxima.mqtt.MqttConnectionState;
import io.proxima.mqtt.MqttTopics;
import io.proxima.transport.FrameConnection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A verifier's session: a listener on identify until an Identify is accepted, then a connection
 * receiving accept and reject. Identify frames never reach the connection.
 */
final class VerifierSession extends SessionBase {

  private final List<String> topics;
  private final MqttListener listener;
  private volatile @Nullable MqttFrameConnection connection;

  VerifierSession(BrokerConnection broker, SessionId id, EngagementEndpoint endpoint) {
    super(broker, id);
    this.topics = MqttTopics.verifierTopics(id);
    this.listener = new MqttListener(this, endpoint, broker.config().identifyCapacity());
  }

  MqttListener listener() {
    return listener;
  }

  String identifyTopic() {
    return topics.get(0);
  }

  @Override
  List<String> topics() {
    return topics;
  }

  @Override
  void inbound(FrameKind kind, byte[] payload) {
    MqttFrameConnection c = connection;
    if (kind == FrameKind.IDENTIFY) {
      if (c == null) {
        listener.identify(Frame.of(FrameKind.IDENTIFY, payload));
      }
      return;
    }
    if (c != null) {
      c.arrived(Frame.of(kind, payload));
    } else {
      broker.countUnroutable();
    }
  }

  /** Binds the session to the accepted Identify: called once, by the listener. */
  FrameConnection accept() {
    MqttFrameConnection c = new MqttFrameConnection(this, Role.VERIFIER);
    connection = c;
    if (broker.currentState() != MqttConnectionState.CONNECTED) {
      c.linkDown();
    }
    broker.identifyDone(this);
    return c;
  }

  @Override
  void linkDown() {
    MqttFrameConnection c = connection;
    if (c != null) {
      c.linkDown();
    }
  }

  @Override
  void linkUp() {
    MqttFrameConnection c = connection;
    if (c != null) {
      c.linkUp();
    }
  }

  @Override
  void fail(ProximaException cause) {
    MqttFrameConnection c = connection;
    if (c != null) {
      c.failWith(cause);
    } else {
      listener.failWith(cause);
      end().subscribe(null, e -> {});
    }
  }
}
