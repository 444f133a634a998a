package io.proxima.mqtt.internal;

import io.proxima.error.ProximaException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.Role;
import io.proxima.message.SessionId;
import io.proxima.mqtt.MqttTopics;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** A wallet's session: receives the request on presentation-definition, publishes the rest. */
final class WalletSession extends SessionBase {

  private final List<String> topics;
  private final MqttFrameConnection connection;
  private final AtomicBoolean requestSeen = new AtomicBoolean();

  WalletSession(BrokerConnection broker, SessionId id) {
    super(broker, id);
    this.topics = List.of(MqttTopics.walletTopic(id));
    this.connection = new MqttFrameConnection(this, Role.WALLET);
  }

  MqttFrameConnection connection() {
    return connection;
  }

  @Override
  List<String> topics() {
    return topics;
  }

  @Override
  void inbound(FrameKind kind, byte[] payload) {
    if (kind != FrameKind.REQUEST) {
      return;
    }
    connection.arrived(Frame.of(kind, payload));
    if (requestSeen.compareAndSet(false, true)) {
      broker.requestReceived(this);
    }
  }

  @Override
  void linkDown() {
    connection.linkDown();
  }

  @Override
  void linkUp() {
    connection.linkUp();
  }

  @Override
  void fail(ProximaException cause) {
    connection.failWith(cause);
  }
}
