package io.proxima.bench.mqtt;

import io.proxima.bench.fixture.Broker;
import io.proxima.bench.fixture.Payloads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The raw MQTT baseline of a session: a wallet connection and a verifier connection of one client
 * library, subscribed to a session's topics as PROTOCOL.md §4 prescribes, exchanging the three
 * messages of a session without any crypto or session code:
 *
 * <pre>
 *   wallet   --Identify (45 B)-------> identify topic      (leg 1)
 *   verifier --request (1,536 B)-----> definition topic    (leg 2, sent when leg 1 arrives)
 *   wallet   --submission (4,096 B)--> accept topic        (leg 3, sent when leg 2 arrives)
 * </pre>
 *
 * QoS 0, clean session, as the peer system does. Each leg is published from the receiving client's
 * own callback thread (an event loop for Vert.x and HiveMQ), without blocking it; only {@link
 * #exchange()}'s caller waits. Connections are set up once and reused. One exchange at a time: a
 * new one supersedes (fails) one still running.
 */
public abstract class PingPong implements AutoCloseable {

  /** The client libraries compared. */
  public enum Client {
    VERTX,
    HIVEMQ,
    PAHO;

    /**
     * Connects a wallet and a verifier of this library to the broker, subscribes them, and waits
     * until a first exchange has gone through.
     */
    public PingPong open(Broker broker) {
      PingPong p =
          switch (this) {
            case VERTX -> VertxPingPong.open(broker);
            case HIVEMQ -> HiveMqPingPong.open(broker);
            case PAHO -> PahoPingPong.open(broker);
          };
      try {
        p.awaitRoute();
        return p;
      } catch (RuntimeException e) {
        p.close();
        throw e;
      }
    }

    /** Parses a JMH parameter value, case-insensitively. */
    public static Client of(String name) {
      return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** How many first exchanges {@link #awaitRoute()} tries. */
  static final int ROUTE_ATTEMPTS = 10;

  /** How long setup (connect, subscribe) and teardown may take. */
  protected static final long SETUP_TIMEOUT_SECONDS = 10;

  protected final byte[] identify = Payloads.rawIdentify();
  protected final byte[] request = Payloads.rawRequest();
  protected final byte[] submission = Payloads.rawSubmission();
  protected final SessionTopics topics;
  private final AtomicReference<CompletableFuture<Integer>> pending = new AtomicReference<>();

  protected PingPong(SessionTopics topics) {
    this.topics = topics;
  }

  /**
   * Runs the three legs once. The future completes with the size of the submission when it reaches
   * the verifier, and fails if a message of the wrong size arrives or a publish fails.
   */
  public final CompletableFuture<Integer> exchange() {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    CompletableFuture<Integer> stale = pending.getAndSet(done);
    if (stale != null) {
      stale.completeExceptionally(new IllegalStateException("superseded by a new exchange before it completed"));
    }
    try {
      publishIdentify();
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
    }
    return done;
  }

  /**
   * Retries an exchange until one completes. Moquette acknowledges a SUBSCRIBE before the
   * subscription routes messages (observed: the first QoS 0 message after SUBACK is sometimes
   * dropped), so the first exchange may be lost; after setup, a lost message fails the run.
   *
   * @throws IllegalStateException if no exchange completes within {@value #ROUTE_ATTEMPTS} tries
   */
  final void awaitRoute() {
    for (int i = 0; i < ROUTE_ATTEMPTS; i++) {
      try {
        exchange().get(1, TimeUnit.SECONDS);
        return;
      } catch (TimeoutException e) {
        // The message was dropped on the way: try again.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the broker route", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("first exchange failed: " + e.getCause(), e.getCause());
      }
    }
    throw new IllegalStateException("no exchange went through the broker in " + ROUTE_ATTEMPTS + " tries of 1 s");
  }

  /** Leg 1, on the caller's thread. */
  protected abstract void publishIdentify();

  /** Called by the verifier's connection when something arrives on identify (leg 1 done). */
  protected final void verifierGotIdentify(int size, Runnable publishRequest) {
    if (check("identify", size, identify.length)) {
      run(publishRequest);
    }
  }

  /** Called by the wallet's connection when the request arrives (leg 2 done). */
  protected final void walletGotRequest(int size, Runnable publishSubmission) {
    if (check("request", size, request.length)) {
      run(publishSubmission);
    }
  }

  /** Called by the verifier's connection when the submission arrives (leg 3 done). */
  protected final void verifierGotSubmission(int size) {
    if (check("submission", size, submission.length)) {
      // Cleared before completing: the waiting thread may start the next exchange at once.
      CompletableFuture<Integer> done = pending.getAndSet(null);
      if (done != null) {
        done.complete(size);
      }
    }
  }

  /** Called when a publish fails asynchronously. */
  protected final void failed(Throwable cause) {
    CompletableFuture<Integer> done = pending.getAndSet(null);
    if (done != null) {
      done.completeExceptionally(cause);
    }
  }

  private boolean check(String what, int size, int expected) {
    if (size != expected) {
      failed(new IllegalStateException(what + " arrived with " + size + " bytes, expected " + expected));
      return false;
    }
    return true;
  }

  private void run(Runnable publish) {
    try {
      publish.run();
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  /** Disconnects both connections and releases the library's threads. */
  @Override
  public abstract void close();

  /** A client identifier unique to this run, short enough for any MQTT 3.1.1 broker. */
  protected static String clientId(String role) {
    return role + "-" + Long.toHexString(System.nanoTime() & 0xffffffffffL);
  }
}
