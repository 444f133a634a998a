package io.proxima.cli.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.proxima.mqtt.MqttConnectionState;
import io.proxima.mqtt.MqttGateway;
import io.proxima.mqtt.MqttStats;
import io.proxima.oid4vp.SessionEvent;
import io.proxima.oid4vp.SessionObserver;
import io.proxima.oid4vp.VerifierOutcome;
import io.proxima.oid4vp.VerifierState;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The gateway's Micrometer meters, scraped in the Prometheus text format on {@code /metrics}. Every
 * meter carries the tag {@code instance}. Names (Prometheus form):
 *
 * <ul>
 *   <li>{@code proxima_gateway_session_creations_total} (Prometheus reserves the suffix {@code _created}), {@code proxima_gateway_sessions_ended_total{outcome,verified}},
 *       {@code proxima_gateway_sessions_refused_total{reason}} (capacity, shutting_down, broker);
 *   <li>{@code proxima_gateway_sessions_active} (pending), {@code proxima_gateway_sessions_retained},
 *       {@code proxima_gateway_sessions_max_pending};
 *   <li>{@code proxima_gateway_session_duration_seconds{outcome}} (histogram, creation to outcome);
 *   <li>{@code proxima_gateway_broker_connected}, {@code proxima_gateway_broker_state{state}},
 *       {@code proxima_gateway_broker_connects_total}, {@code proxima_gateway_broker_reconnects_total},
 *       {@code proxima_gateway_broker_connection_losses_total}, {@code proxima_gateway_broker_subscriptions};
 *   <li>{@code proxima_gateway_frames_received_total} (frames in), {@code proxima_gateway_frames_published_total}
 *       (frames out), {@code proxima_gateway_frames_unroutable_total} (received for no session of this
 *       instance: the cost of the wildcard strategy), {@code proxima_gateway_frames_oversize_total};
 *   <li>{@code proxima_gateway_decryption_failures_total} (frames that did not decrypt under the
 *       session key), {@code proxima_gateway_identify_ignored_total}, {@code proxima_gateway_transport_lost_total}.
 * </ul>
 */
final class GatewayMetrics implements SessionObserver {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter created;
  private final Counter decryptionFailures;
  private final Counter identifyIgnored;
  private final Counter transportLost;
  private final Map<String, Counter> refused = new ConcurrentHashMap<>();
  private final Map<VerifierState, Map<String, Counter>> ended = new EnumMap<>(VerifierState.class);
  private final Map<VerifierState, Timer> durations = new EnumMap<>(VerifierState.class);

  GatewayMetrics(String instance) {
    registry.config().commonTags("instance", instance);
    created = Counter.builder("proxima.gateway.session.creations").description("sessions created through the API").register(registry);
    decryptionFailures = Counter.builder("proxima.gateway.decryption.failures")
        .description("frames on a session's topics that did not decrypt under its key (third parties, duplicates)").register(registry);
    identifyIgnored = Counter.builder("proxima.gateway.identify.ignored").description("invalid Identify messages ignored").register(registry);
    transportLost = Counter.builder("proxima.gateway.transport.lost").description("sessions whose transport failed").register(registry);
    for (VerifierState s : VerifierState.values()) {
      if (!s.isTerminal()) {
        continue;
      }
      Map<String, Counter> byVerified = new ConcurrentHashMap<>();
      for (String v : new String[] {"true", "false", "none"}) {
        byVerified.put(v, Counter.builder("proxima.gateway.sessions.ended").description("sessions ended, by outcome")
            .tag("outcome", s.name()).tag("verified", v).register(registry));
      }
      ended.put(s, byVerified);
      durations.put(s, Timer.builder("proxima.gateway.session.duration").description("from creation to outcome")
          .tag("outcome", s.name())
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1))
          .maximumExpectedValue(Duration.ofMinutes(15))
          .register(registry));
    }
  }

  /** Gauges and counters read from the broker connection. */
  void bind(MqttGateway mqtt) {
    Gauge.builder("proxima.gateway.broker.connected", mqtt, m -> m.currentState() == MqttConnectionState.CONNECTED ? 1 : 0)
        .description("1 while connected to a broker with every session subscribed").register(registry);
    for (MqttConnectionState s : MqttConnectionState.values()) {
      Gauge.builder("proxima.gateway.broker.state", mqtt, m -> m.currentState() == s ? 1 : 0)
          .tag("state", s.name()).description("the broker connection's state (1 for the current one)").register(registry);
    }
    stat(mqtt, "proxima.gateway.broker.connects", "successful broker connections", MqttStats::connects);
    stat(mqtt, "proxima.gateway.broker.reconnects", "reconnections after a loss (to the same or the next broker)",
        s -> Math.max(0, s.connects() - 1));
    stat(mqtt, "proxima.gateway.broker.connection.losses", "broker connections lost", MqttStats::connectionLosses);
    stat(mqtt, "proxima.gateway.frames.received", "MQTT messages received (frames in)", MqttStats::messagesReceived);
    stat(mqtt, "proxima.gateway.frames.published", "frames published (frames out)", MqttStats::framesPublished);
    stat(mqtt, "proxima.gateway.frames.unroutable", "messages received for no live session of this instance", MqttStats::messagesUnroutable);
    stat(mqtt, "proxima.gateway.frames.oversize", "messages dropped as larger than maxMessageSize", MqttStats::oversizeDropped);
    Gauge.builder("proxima.gateway.broker.subscriptions", mqtt, m -> m.stats().subscriptions())
        .description("topic filters subscribed at the broker").register(registry);
  }

  private void stat(MqttGateway mqtt, String name, String description, ToDoubleFunction<MqttStats> f) {
    FunctionCounter.builder(name, mqtt, m -> f.applyAsDouble(m.stats())).description(description).register(registry);
  }

  /** Gauges read from the session registry. */
  void bind(SessionRegistry sessions) {
    Gauge.builder("proxima.gateway.sessions.active", sessions, SessionRegistry::pending).description("sessions not yet ended").register(registry);
    Gauge.builder("proxima.gateway.sessions.retained", sessions, SessionRegistry::retained).description("ended sessions still readable")
        .register(registry);
    Gauge.builder("proxima.gateway.sessions.max.pending", sessions, SessionRegistry::maxPending).description("the cap on pending sessions")
        .register(registry);
  }

  void created() {
    created.increment();
  }

  void refused(String reason) {
    refused.computeIfAbsent(reason, r -> Counter.builder("proxima.gateway.sessions.refused").description("session creations refused")
        .tag("reason", r).register(registry)).increment();
  }

  void ended(VerifierOutcome outcome, Duration duration) {
    String verified = outcome.validation() == null ? "none" : Boolean.toString(outcome.validation().verified());
    ended.get(outcome.state()).get(verified).increment();
    durations.get(outcome.state()).record(duration);
  }

  @Override
  public void onEvent(SessionEvent event) {
    if (event instanceof SessionEvent.FrameIgnored f) {
      if (f.reason().toLowerCase(Locale.ROOT).contains("decrypt")) {
        decryptionFailures.increment();
      }
    } else if (event instanceof SessionEvent.IdentifyIgnored) {
      identifyIgnored.increment();
    } else if (event instanceof SessionEvent.TransportLost) {
      transportLost.increment();
    }
  }

  /** The Prometheus text exposition. */
  String scrape() {
    return registry.scrape();
  }

  void close() {
    registry.close();
  }
}
