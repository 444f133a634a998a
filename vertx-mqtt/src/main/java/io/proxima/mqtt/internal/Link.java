package io.proxima.mqtt.internal;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.ssl.SslContext;
import io.proxima.error.SessionTimeoutException;
import io.proxima.mqtt.MqttConfig;
import io.proxima.mqtt.MqttQos;
import io.proxima.mqtt.MqttSubscriptionException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The lifetime of one Vert.x MQTT client: connect, subscribe, unsubscribe, publish, and the loss
 * of the connection. A Vert.x client cannot be reused after a disconnect, so a reconnect makes a
 * new {@code Link}. Every client call runs on the link's event loop; every acknowledgement is
 * awaited with a Reactor timeout. When the connection goes, every waiting operation fails with
 * {@link LinkLost} and the owner is told.
 */
final class Link {

  /** Room for the topic name and packet id on top of the largest payload, in the decoder limit. */
  static final int HEADER_ROOM = 1024;
  /** Vert.x counts QoS 1 publishes itself and fails beyond its limit; our window is the limit. */
  private static final int VERTX_INFLIGHT_LIMIT = 65_535;
  private static final int SUBACK_FAILURE = 0x80;
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F]*:[0-9a-fA-F:.]*\\]?");
  private static final Logger log = LoggerFactory.getLogger(Link.class);

  interface Owner {
    void messageArrived(Link link, String topic, Buffer payload);

    void linkClosed(Link link);

    /** Whether some live session still needs this topic filter. */
    boolean wants(String filter);
  }

  private final Owner owner;
  private final MqttConfig config;
  private final URI brokerUrl;
  private final MqttClient client;
  private final Context context;
  private final InFlightWindow window;
  /**
   * The timers of this link's timeouts: Reactor timeouts on the link's own event loop, where its
   * acknowledgements and writes complete, so setting and cancelling one wakes no other thread. On
   * Reactor's parallel scheduler every timeout woke a timer thread (measured: one context switch
   * and about a third of a frame's latency, issue 6). Never disposed: that would stop the loop.
   */
  private final Scheduler timers;
  private final Pending<List<Integer>> subacks = new Pending<>();
  private final Pending<Boolean> unsubacks = new Pending<>();
  private final Pending<Boolean> pubacks = new Pending<>();
  private final Map<String, Mono<Void>> subscribed = new ConcurrentHashMap<>();
  private final Sinks.Empty<Void> gone = Sinks.empty();
  private volatile boolean dead;
  private volatile boolean connected;
  private volatile @Nullable Throwable socketError;

  Link(Owner owner, Vertx vertx, MqttConfig config, URI brokerUrl, String clientId, @Nullable SslContext tls) {
    this.owner = owner;
    this.config = config;
    this.brokerUrl = brokerUrl;
    this.window = new InFlightWindow(config.inFlightWindow());
    this.context = vertx.getOrCreateContext();
    this.timers = Schedulers.fromExecutorService(((ContextInternal) context).nettyEventLoop(), "proxima-mqtt-link");
    this.client = MqttClient.create(vertx, options(config, brokerUrl, clientId, tls));
    client.publishHandler(m -> owner.messageArrived(this, m.topicName(), m.payload()));
    client.subscribeCompletionHandler(ack -> subacks.complete(ack.messageId(), ack.grantedQoSLevels()));
    client.unsubscribeCompletionHandler(id -> unsubacks.complete(id, Boolean.TRUE));
    client.publishCompletionHandler(id -> pubacks.complete(id, Boolean.TRUE));
    client.exceptionHandler(this::socketError);
    client.closeHandler(v -> lost());
  }

  private static MqttClientOptions options(MqttConfig config, URI brokerUrl, String clientId, @Nullable SslContext tls) {
    MqttClientOptions o = new MqttClientOptions();
    o.setClientId(clientId);
    o.setCleanSession(true);
    o.setKeepAliveInterval((int) config.keepAlive().toSeconds());
    o.setAutoKeepAlive(true);
    o.setMaxMessageSize(config.maxMessageSize() + HEADER_ROOM);
    o.setMaxInflightQueue(VERTX_INFLIGHT_LIMIT);
    o.setAckTimeout(-1);
    o.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()));
    if (config.username() != null) {
      o.setUsername(config.username());
    }
    if (config.password() != null) {
      o.setPassword(config.password());
    }
    if (tls != null) {
      o.setSsl(true);
      o.setHostnameVerificationAlgorithm(config.tls().hostnameVerification() ? "HTTPS" : "");
      o.setSslEngineOptions(new TlsContext.Prebuilt(tls));
    }
    return o;
  }

  URI brokerUrl() {
    return brokerUrl;
  }

  /** The scheduler of timeouts on operations of this link (see {@link #timers}). */
  Scheduler timers() {
    return timers;
  }

  boolean isUsable() {
    return connected && !dead;
  }

  /** Completes when this link is gone. */
  Mono<Void> onGone() {
    return gone.asMono();
  }

  InFlightWindow window() {
    return window;
  }

  /** The topic filters acknowledged on this link. */
  Set<String> subscribedFilters() {
    return subscribed.keySet();
  }

  /**
   * Connects: TCP, TLS, CONNECT and CONNACK. Completes once accepted; errors with a typed
   * connection error, or {@link SessionTimeoutException} after the connect timeout. On error or
   * cancel the client is closed.
   */
  Mono<Void> connect() {
    String host = brokerUrl.getHost();
    String serverName = MqttConfig.isTls(brokerUrl) && !IP_LITERAL.matcher(host).matches() ? host : null;
    Duration timeout = config.connectTimeout();
    return VertxSupport.onContext(context, () -> client.connect(brokerUrl.getPort(), unbracket(host), serverName))
        .timeout(timeout, Mono.error(() -> new SessionTimeoutException("broker CONNACK", timeout, null)))
        .onErrorMap(e -> Errors.connectFailure(brokerUrl, e, socketError))
        .doOnSuccess(ack -> connected = true)
        .doOnError(e -> close())
        .doOnCancel(this::close)
        .then();
  }

  /**
   * Subscribes to the filters not yet acknowledged on this link, in one SUBSCRIBE, and waits for
   * those already requested by others. Completes when all are acknowledged; errors with {@link
   * MqttSubscriptionException} naming a refused filter, {@link SessionTimeoutException} when no
   * SUBACK comes in time, or {@link LinkLost}.
   */
  Mono<Void> ensureSubscribed(List<String> filters, int qos) {
    return Mono.defer(
        () -> {
          if (dead) {
            return Mono.error(LinkLost.INSTANCE);
          }
          Sinks.Empty<Void> batchDone = Sinks.empty();
          Mono<Void> batch = batchDone.asMono();
          List<String> mine = new ArrayList<>();
          List<Mono<Void>> waits = new ArrayList<>(filters.size());
          for (String filter : filters) {
            waits.add(
                subscribed.computeIfAbsent(
                    filter,
                    f -> {
                      mine.add(f);
                      return batch;
                    }));
          }
          if (!mine.isEmpty()) {
            subscribeNow(mine, qos)
                .subscribe(
                    null,
                    e -> {
                      mine.forEach(f -> subscribed.remove(f, batch));
                      batchDone.tryEmitError(e);
                    },
                    batchDone::tryEmitEmpty);
          }
          return Mono.when(waits);
        });
  }

  /**
   * Sends one SUBSCRIBE for the filters the owner still wants when the packet is written: a
   * session that ended before its SUBSCRIBE went out must not leave a subscription behind, and
   * this check runs on the event loop, ordered with the UNSUBSCRIBE of that session's end.
   */
  private Mono<Void> subscribeNow(List<String> filters, int qos) {
    Duration timeout = config.ackTimeout();
    List<String> sent = new ArrayList<>(filters.size());
    return Mono.<List<Integer>>create(
            sink ->
                context.runOnContext(
                    v -> {
                      if (dead) {
                        sink.error(LinkLost.INSTANCE);
                        return;
                      }
                      Map<String, Integer> request = new LinkedHashMap<>();
                      for (String f : filters) {
                        if (owner.wants(f)) {
                          request.put(f, qos);
                          sent.add(f);
                        } else {
                          subscribed.remove(f);
                        }
                      }
                      if (request.isEmpty()) {
                        sink.success(List.of());
                        return;
                      }
                      client.subscribe(request).onComplete(ar -> {
                        if (ar.succeeded()) {
                          subacks.await(ar.result(), sink);
                        } else {
                          sink.error(lostOr(ar.cause()));
                        }
                      });
                    }))
        .timeout(timeout, Mono.error(() -> new SessionTimeoutException("broker SUBACK", timeout, null)), timers)
        .flatMap(
            granted -> {
              for (int i = 0; i < sent.size() && i < granted.size(); i++) {
                if (granted.get(i) == SUBACK_FAILURE) {
                  return Mono.error(new MqttSubscriptionException(sent.get(i), null));
                }
              }
              return Mono.empty();
            });
  }

  /**
   * Unsubscribes the filters. Completes on UNSUBACK; errors with {@link SessionTimeoutException}
   * when none comes in time, or {@link LinkLost}.
   */
  Mono<Void> unsubscribe(List<String> filters) {
    Duration timeout = config.ackTimeout();
    return Mono.<Boolean>create(
            sink ->
                context.runOnContext(
                    v -> {
                      filters.forEach(subscribed::remove);
                      if (dead) {
                        sink.error(LinkLost.INSTANCE);
                        return;
                      }
                      client.unsubscribe(filters).onComplete(ar -> {
                        if (ar.succeeded()) {
                          unsubacks.await(ar.result(), sink);
                        } else {
                          sink.error(lostOr(ar.cause()));
                        }
                      });
                    }))
        .timeout(timeout, Mono.error(() -> new SessionTimeoutException("broker UNSUBACK", timeout, null)), timers)
        .then();
  }

  /**
   * Publishes one message, not retained. At QoS 0 completes when written; at QoS 1 takes a slot
   * of the in-flight window first (waiting, not failing, when it is full) and completes on
   * PUBACK. Errors with {@link SessionTimeoutException} when no PUBACK comes in time, or {@link
   * LinkLost}.
   */
  /**
   * {@link LinkLost} when a write failed because the link is going away: either the close was
   * seen already, or the write met the closed channel just before the close handler ran (same
   * event loop, later task), which would otherwise surface Netty's ClosedChannelException to the
   * caller instead of retrying on the next link.
   */
  private Throwable lostOr(Throwable cause) {
    if (dead) {
      return LinkLost.INSTANCE;
    }
    for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof java.nio.channels.ClosedChannelException
          || (c instanceof io.vertx.core.VertxException && String.valueOf(c.getMessage()).contains("closed"))) {
        return LinkLost.INSTANCE;
      }
    }
    return cause;
  }

  Mono<Void> publish(String topic, byte[] payload, MqttQos qos) {
    if (qos == MqttQos.AT_MOST_ONCE) {
      return Mono.<Integer>create(
              sink ->
                  context.runOnContext(
                      v -> {
                        if (dead) {
                          sink.error(LinkLost.INSTANCE);
                          return;
                        }
                        client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_MOST_ONCE, false, false)
                            .onComplete(ar -> {
                              if (ar.succeeded()) {
                                sink.success(ar.result());
                              } else {
                                sink.error(lostOr(ar.cause()));
                              }
                            });
                      }))
          .then();
    }
    Duration timeout = config.ackTimeout();
    return Mono.usingWhen(
        window.acquire(),
        permit ->
            Mono.<Boolean>create(
                    sink ->
                        context.runOnContext(
                            v -> {
                              if (dead) {
                                sink.error(LinkLost.INSTANCE);
                                return;
                              }
                              client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
                                  .onComplete(ar -> {
                                    if (ar.succeeded()) {
                                      pubacks.await(ar.result(), sink);
                                    } else {
                                      sink.error(lostOr(ar.cause()));
                                    }
                                  });
                            }))
                .timeout(timeout, Mono.error(() -> new SessionTimeoutException("broker PUBACK", timeout, null)), timers),
        permit -> Mono.fromRunnable(permit::release),
        (permit, e) -> Mono.fromRunnable(permit::release),
        permit -> Mono.fromRunnable(permit::release))
        .then();
  }

  /** Disconnects (DISCONNECT, then close) in the background. Idempotent. */
  void close() {
    markDead();
    context.runOnContext(v -> client.disconnect());
  }

  /** Disconnects politely and completes when the socket is closed, or after the ack timeout. */
  Mono<Void> disconnect() {
    markDead();
    return VertxSupport.onContext(context, client::disconnect)
        .timeout(config.ackTimeout(), Mono.empty())
        .onErrorResume(e -> Mono.empty());
  }

  private void socketError(Throwable t) {
    socketError = t;
    if (t instanceof DecoderException && !(t.getCause() instanceof javax.net.ssl.SSLException)) {
      // Netty's MQTT decoder discards everything after a message it cannot decode (for example one
      // larger than maxMessageSize + HEADER_ROOM): the connection is useless from here on. Drop it;
      // the owner reconnects and resubscribes.
      log.warn("undecodable input from the broker {} ({}); reconnecting", brokerUrl, Errors.describe(t));
      close();
    } else {
      log.debug("socket error on the connection to {}: {}", brokerUrl, Errors.describe(t));
    }
  }

  private void lost() {
    markDead();
    owner.linkClosed(this);
  }

  private void markDead() {
    if (dead) {
      return;
    }
    dead = true;
    window.close(LinkLost.INSTANCE);
    subacks.failAll(LinkLost.INSTANCE);
    unsubacks.failAll(LinkLost.INSTANCE);
    pubacks.failAll(LinkLost.INSTANCE);
    gone.tryEmitEmpty();
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  @Override
  public String toString() {
    return "Link[" + brokerUrl + (dead ? ", dead" : connected ? ", connected" : ", connecting") + "]";
  }
}
