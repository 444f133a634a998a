package io.proxima.cli.support;

import io.proxima.engagement.EngagementEndpoint;
import io.proxima.engagement.TransportType;
import io.proxima.message.SessionId;
import io.proxima.mqtt.MqttGateway;
import io.proxima.mqtt.MqttTransport;
import io.proxima.transport.SessionListener;
import io.proxima.transport.VerifierTransport;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The verifier's MQTT transport for a command: connects its {@link MqttGateway} when the session
 * first listens, not before. An unreachable broker therefore fails the MQTT listener like any
 * other transport setup failure: with {@code --transports mqtt,ble} the session continues on BLE,
 * with MQTT alone it ends FAILED with the connect error as cause, and the command still prints its
 * outcome line.
 */
public final class OnDemandGateway implements VerifierTransport {

  private final Mono<MqttGateway> connection;
  private final AtomicReference<@Nullable MqttGateway> connected = new AtomicReference<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  public OnDemandGateway(MqttTransport transport) {
    Objects.requireNonNull(transport, "transport");
    this.connection = transport.connect()
        .doOnNext(gateway -> {
          connected.set(gateway);
          if (closed.get()) {
            gateway.dispose();
          }
        })
        .cache();
  }

  @Override
  public TransportType type() {
    return TransportType.MQTT;
  }

  /** Connects the gateway if needed, then listens; see {@link MqttGateway#listen(SessionId)}. */
  @Override
  public Mono<SessionListener> listen(SessionId sessionId) {
    return connection.flatMap(gateway -> gateway.listen(sessionId));
  }

  /** See {@link MqttGateway#listen(SessionId, EngagementEndpoint)}. */
  @Override
  public Mono<SessionListener> listen(SessionId sessionId, EngagementEndpoint endpoint) {
    return connection.flatMap(gateway -> gateway.listen(sessionId, endpoint));
  }

  /** The gateway, once connected. */
  public @Nullable MqttGateway gateway() {
    return connected.get();
  }

  /**
   * Closes the gateway if it connected (a gateway that connects later is closed at once).
   * Completes when disconnected; idempotent.
   */
  public Mono<Void> close() {
    return Mono.defer(() -> {
      closed.set(true);
      MqttGateway gateway = connected.get();
      return gateway == null ? Mono.empty() : gateway.close();
    });
  }
}
