package io.proxima.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.proxima.mqtt.internal.VertxSupport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A plain MQTT client for tests, standing in for sniffers, third parties and the peer's wallet.
 * Blocking: use it from the test thread only.
 */
public final class RawMqttClient implements AutoCloseable {

  public static final Duration WAIT = Duration.ofSeconds(10);

  /** A message seen by this client. */
  public record Message(String topic, byte[] payload) {}

  private final MqttClient client;
  private final LinkedBlockingQueue<Message> messages = new LinkedBlockingQueue<>();

  private RawMqttClient(MqttClient client) {
    this.client = client;
  }

  /** Connects to a plain {@code mqtt://} broker. */
  public static RawMqttClient connect(String url) {
    return connect(url, 4 << 20);
  }

  public static RawMqttClient connect(String url, int maxMessageSize) {
    URI uri = URI.create(url);
    Vertx vertx = VertxSupport.shared().block(WAIT);
    MqttClient c =
        MqttClient.create(
            vertx,
            new MqttClientOptions()
                .setClientId("raw-" + System.nanoTime())
                .setMaxMessageSize(maxMessageSize)
                .setMaxInflightQueue(1000));
    RawMqttClient raw = new RawMqttClient(c);
    c.publishHandler(m -> raw.messages.add(new Message(m.topicName(), m.payload().getBytes())));
    await(c.connect(uri.getPort(), uri.getHost()));
    return raw;
  }

  /** Subscribes and waits for the SUBACK. */
  public RawMqttClient subscribe(String filter) {
    var suback = new java.util.concurrent.CompletableFuture<Void>();
    client.subscribeCompletionHandler(ack -> suback.complete(null));
    await(client.subscribe(filter, 0));
    try {
      suback.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("no SUBACK for " + filter, e);
    }
    return this;
  }

  /** Publishes at QoS 0 and waits until written. */
  public void publish(String topic, byte[] payload) {
    await(client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_MOST_ONCE, false, false));
  }

  /** The next message, or an assertion error after {@code timeout}. */
  public Message next(Duration timeout) {
    try {
      Message m = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (m == null) {
        throw new AssertionError("no message within " + timeout);
      }
      return m;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next message on a topic, skipping others. */
  public Message next(String topic, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Message m = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (m.topic().equals(topic)) {
        return m;
      }
    }
  }

  /** Everything received so far. */
  public List<Message> drain() {
    List<Message> out = new ArrayList<>();
    messages.drainTo(out);
    return out;
  }

  public boolean isConnected() {
    return client.isConnected();
  }

  @Override
  public void close() {
    if (client.isConnected()) {
      await(client.disconnect());
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("MQTT operation failed", e);
    }
  }
}
