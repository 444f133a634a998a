package io.proxima.bench.frame;

import static io.proxima.bench.fixture.VertxSetup.await;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.proxima.bench.fixture.Broker;
import io.proxima.bench.fixture.VertxSetup;
import io.proxima.bench.mqtt.SessionTopics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The baseline of {@link ChannelRelay}: the same bounce with two raw Vert.x MQTT clients through
 * the same broker, on a session's topics (the verifier subscribed to accept, the wallet to
 * presentation-definition), QoS 0, each publish made from the receiving client's message handler.
 * Each publish wraps a byte array in a fresh {@link Buffer}, as {@link
 * io.proxima.bench.mqtt.VertxPingPong} does: what an application publishing bytes does at least.
 */
public final class RawRelay implements AutoCloseable {

  private static final int MAX_MESSAGE_SIZE = 1 << 20;

  private final Vertx vertx;
  private final MqttClient verifier;
  private final MqttClient wallet;
  private final SessionTopics topics = SessionTopics.of(UUID.randomUUID());
  private final byte[] payload;
  private final AtomicReference<CompletableFuture<Integer>> pending = new AtomicReference<>();
  private final AtomicInteger remaining = new AtomicInteger();

  private RawRelay(Vertx vertx, int size) {
    this.vertx = vertx;
    this.payload = new byte[size];
    this.verifier = MqttClient.create(vertx, options("rv"));
    this.wallet = MqttClient.create(vertx, options("rw"));
  }

  /** Connects and subscribes both clients, then checks that one exchange goes through. Blocking. */
  public static RawRelay open(Broker broker, int frameSize) {
    return open(broker, frameSize, Vertx.vertx());
  }

  /** The same on a Vert.x instance of the caller's, which {@link #close()} closes. */
  public static RawRelay open(Broker broker, int frameSize, Vertx vertx) {
    RawRelay r = new RawRelay(vertx, frameSize);
    try {
      r.verifier.publishHandler(m -> r.arrived(m, r.verifier, r.topics.definition()));
      r.wallet.publishHandler(m -> r.arrived(m, r.wallet, r.topics.accept()));
      await(r.verifier.connect(broker.port(), broker.host()));
      await(r.wallet.connect(broker.port(), broker.host()));
      await(r.verifier.subscribe(r.topics.accept(), 0));
      await(r.wallet.subscribe(r.topics.definition(), 0));
      awaitRoute(r);
      return r;
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
  }

  /** Moquette may drop the first message after a SUBACK: repeat a first exchange until one passes. */
  private static void awaitRoute(RawRelay r) {
    for (int i = 0; i < 10; i++) {
      try {
        r.exchange(2).get(1, TimeUnit.SECONDS);
        return;
      } catch (java.util.concurrent.TimeoutException e) {
        // lost on the way: try again
      } catch (Exception e) {
        throw new IllegalStateException("first raw exchange failed: " + e, e);
      }
    }
    throw new IllegalStateException("no raw exchange went through the broker in 10 tries");
  }

  private static MqttClientOptions options(String role) {
    return new MqttClientOptions()
        .setClientId(role + "-" + Long.toHexString(System.nanoTime() & 0xffffffffffL))
        .setCleanSession(true)
        .setKeepAliveInterval(60)
        .setMaxMessageSize(MAX_MESSAGE_SIZE);
  }

  /** Bounces {@code legs} publishes, the first from the wallet; see {@link ChannelRelay#exchange}. */
  public CompletableFuture<Integer> exchange(int legs) {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    CompletableFuture<Integer> stale = pending.getAndSet(done);
    if (stale != null) {
      stale.completeExceptionally(new IllegalStateException("superseded by a new exchange before it completed"));
    }
    remaining.set(legs);
    publish(wallet, topics.accept());
    return done;
  }

  private void arrived(MqttPublishMessage m, MqttClient receiver, String replyTopic) {
    int size = m.payload().length();
    if (size != payload.length) {
      failed(new IllegalStateException("a message of " + size + " bytes arrived, expected " + payload.length));
      return;
    }
    if (remaining.decrementAndGet() > 0) {
      publish(receiver, replyTopic);
      return;
    }
    CompletableFuture<Integer> done = pending.getAndSet(null);
    if (done != null) {
      done.complete(size);
    }
  }

  private void publish(MqttClient client, String topic) {
    client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_MOST_ONCE, false, false).onFailure(this::failed);
  }

  private void failed(Throwable e) {
    CompletableFuture<Integer> done = pending.getAndSet(null);
    if (done != null) {
      done.completeExceptionally(e);
    }
  }

  @Override
  public void close() {
    VertxSetup.close(vertx, wallet, verifier);
  }
}
