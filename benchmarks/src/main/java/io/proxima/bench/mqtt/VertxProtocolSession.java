package io.proxima.bench.mqtt;

import static io.proxima.bench.fixture.VertxSetup.await;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.proxima.bench.fixture.Broker;
import io.proxima.bench.fixture.Payloads;
import io.proxima.bench.fixture.VertxSetup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every MQTT packet of one session, with raw Vert.x clients and no crypto or session code: the
 * broker traffic the project's transport produces for a session (PROTOCOL.md §4), in the same
 * order, on fresh topics each time.
 *
 * <pre>
 *   verifier SUBSCRIBE identify, accept, reject  -> SUBACK
 *   wallet   SUBSCRIBE presentation-definition   -> SUBACK
 *   wallet   PUBLISH Identify (45 B)                        leg 1
 *   verifier UNSUBSCRIBE identify (not awaited), PUBLISH request (1,536 B)   leg 2
 *   wallet   PUBLISH submission (4,096 B), UNSUBSCRIBE presentation-definition -> UNSUBACK
 *   verifier (submission arrived) UNSUBSCRIBE accept, reject -> UNSUBACK
 * </pre>
 *
 * An exchange completes when both UNSUBACKs arrived. Both clients are connected once; the JMH
 * thread only starts an exchange and waits.
 */
public final class VertxProtocolSession implements AutoCloseable {


  private final Vertx vertx = Vertx.vertx();
  private final MqttClient verifier = MqttClient.create(vertx, options("pv"));
  private final MqttClient wallet = MqttClient.create(vertx, options("pw"));
  private final byte[] identify = Payloads.rawIdentify();
  private final byte[] request = Payloads.rawRequest();
  private final byte[] submission = Payloads.rawSubmission();
  /** Per client: packet id -> the continuation waiting for its ack, or {@link #ARRIVED}. */
  private final Map<Integer, Object> verifierAcks = new HashMap<>();
  private final Map<Integer, Object> walletAcks = new HashMap<>();
  private static final Object ARRIVED = new Object();
  private final AtomicReference<Exchange> current = new AtomicReference<>();

  private final class Exchange {
    final SessionTopics topics = SessionTopics.of(UUID.randomUUID());
    final CompletableFuture<Integer> done = new CompletableFuture<>();
    final AtomicInteger unsubacks = new AtomicInteger();

    void unsubscribed() {
      if (unsubacks.incrementAndGet() == 2) {
        done.complete(submission.length);
      }
    }
  }

  private VertxProtocolSession() {}

  /** Connects both clients to {@code broker}. Blocking. */
  public static VertxProtocolSession open(Broker broker) {
    VertxProtocolSession s = new VertxProtocolSession();
    try {
      s.verifier.publishHandler(s::verifierGot);
      s.wallet.publishHandler(s::walletGot);
      s.verifier.subscribeCompletionHandler(ack -> s.acked(s.verifierAcks, ack.messageId()));
      s.verifier.unsubscribeCompletionHandler(id -> s.acked(s.verifierAcks, id));
      s.wallet.subscribeCompletionHandler(ack -> s.acked(s.walletAcks, ack.messageId()));
      s.wallet.unsubscribeCompletionHandler(id -> s.acked(s.walletAcks, id));
      await(s.verifier.connect(broker.port(), broker.host()));
      await(s.wallet.connect(broker.port(), broker.host()));
      return s;
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** Runs one session's packets on fresh topics; completes when both sides are unsubscribed. */
  public CompletableFuture<Integer> exchange() {
    Exchange x = new Exchange();
    Exchange stale = current.getAndSet(x);
    if (stale != null) {
      stale.done.completeExceptionally(new IllegalStateException("superseded by a new exchange before it completed"));
    }
    SessionTopics t = x.topics;
    onAck(verifierAcks, verifier.subscribe(Map.of(t.identify(), 0, t.accept(), 0, t.reject(), 0)), x,
        () -> onAck(walletAcks, wallet.subscribe(t.definition(), 0), x,
            () -> wallet.publish(t.identify(), Buffer.buffer(identify), MqttQoS.AT_MOST_ONCE, false, false).onFailure(x.done::completeExceptionally)));
    return x.done;
  }

  private void verifierGot(MqttPublishMessage m) {
    Exchange x = current.get();
    if (x == null) {
      return;
    }
    if (m.topicName().equals(x.topics.identify()) && m.payload().length() == identify.length) {
      // Not awaited, as the transport does not await it; its UNSUBACK still consumes its waiter,
      // so that no acknowledgement is left over for a later packet with the same (wrapped) id.
      onAck(verifierAcks, verifier.unsubscribe(List.of(x.topics.identify())), x, () -> {});
      verifier.publish(x.topics.definition(), Buffer.buffer(request), MqttQoS.AT_MOST_ONCE, false, false)
          .onFailure(x.done::completeExceptionally);
    } else if (m.topicName().equals(x.topics.accept()) && m.payload().length() == submission.length) {
      onAck(verifierAcks, verifier.unsubscribe(List.of(x.topics.accept(), x.topics.reject())), x, x::unsubscribed);
    } else {
      x.done.completeExceptionally(new IllegalStateException("verifier got " + m.payload().length() + " bytes on " + m.topicName()));
    }
  }

  private void walletGot(MqttPublishMessage m) {
    Exchange x = current.get();
    if (x == null) {
      return;
    }
    if (!m.topicName().equals(x.topics.definition()) || m.payload().length() != request.length) {
      x.done.completeExceptionally(new IllegalStateException("wallet got " + m.payload().length() + " bytes on " + m.topicName()));
      return;
    }
    wallet.publish(x.topics.accept(), Buffer.buffer(submission), MqttQoS.AT_MOST_ONCE, false, false)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                x.done.completeExceptionally(ar.cause());
              } else {
                onAck(walletAcks, wallet.unsubscribe(List.of(x.topics.definition())), x, x::unsubscribed);
              }
            });
  }

  /**
   * Runs {@code next} when the acknowledgement of the packet that {@code sent} wrote arrives, also
   * if it arrived before the write future's callback ran (the ack is then recorded as arrived).
   */
  private void onAck(Map<Integer, Object> acks, Future<Integer> sent, Exchange x, Runnable next) {
    sent.onComplete(
        ar -> {
          if (ar.failed()) {
            x.done.completeExceptionally(ar.cause());
            return;
          }
          Object previous;
          synchronized (acks) {
            previous = acks.remove(ar.result());
            if (previous == null) {
              acks.put(ar.result(), next);
            }
          }
          if (previous == ARRIVED) {
            next.run();
          }
        });
  }

  private void acked(Map<Integer, Object> acks, int packetId) {
    Object previous;
    synchronized (acks) {
      previous = acks.remove(packetId);
      if (previous == null) {
        acks.put(packetId, ARRIVED);
      }
    }
    if (previous instanceof Runnable next) {
      next.run();
    }
  }

  /** Acknowledgements awaited or arrived without a waiter yet; zero when the clients are idle. */
  int pendingAcks() {
    synchronized (verifierAcks) {
      synchronized (walletAcks) {
        return verifierAcks.size() + walletAcks.size();
      }
    }
  }

  private static MqttClientOptions options(String role) {
    return new MqttClientOptions()
        .setClientId(role + "-" + Long.toHexString(System.nanoTime() & 0xffffffffffL))
        .setCleanSession(true)
        .setKeepAliveInterval(60)
        .setMaxMessageSize(VertxPingPong.MAX_MESSAGE_SIZE);
  }

  @Override
  public void close() {
    VertxSetup.close(vertx, wallet, verifier);
  }
}
