package io.proxima.bench.footprint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proxima.bench.fixture.MqttStack;
import io.proxima.bench.fixture.SysMosquitto;
import io.proxima.bench.flow.FlowFixture;
import io.proxima.crypto.X25519KeyPair;
import io.proxima.engagement.Engagement;
import io.proxima.message.SessionId;
import io.proxima.mqtt.MqttGateway;
import io.proxima.mqtt.SubscriptionStrategy;
import io.proxima.oid4vp.Verifier;
import io.proxima.oid4vp.VerifierSession;
import io.proxima.oid4vp.VerifierState;
import io.proxima.transport.SessionListener;
import io.proxima.transport.VerifierTransport;
import io.proxima.transport.memory.InMemoryHub;
import io.proxima.transport.memory.InMemoryTransport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Heap per pending session: how much a verifier holds for each session that shows a QR code and
 * waits for a wallet, and for MQTT what the broker holds. Run in a JVM of its own (the runner
 * forks one); not a JMH benchmark because it measures retained heap, not time.
 *
 * <p>For each variant and count: full GC, heap used (MemoryMXBean); create the pending sessions and
 * keep them reachable; full GC, heap used; the difference divided by the count. Then everything is
 * closed and nothing may be left registered (a leak fails the run).
 *
 * <ul>
 *   <li>{@code listener}: what the in-memory transport holds, {@code transport.listen(id)}.
 *   <li>{@code pendingSession}: a listener, the verifier's X25519 key pair, the engagement URI (the
 *       QR) and a live subscription to {@code identifies()}: the least a verifier keeps per waiting
 *       session, in memory.
 *   <li>{@code flowSession}: an oid4vp-flow {@link VerifierSession} in ENGAGED over the in-memory
 *       transport: the state machine's own share.
 *   <li>{@code mqttListener}: {@code listen(id)} on an {@link MqttGateway} with per-session
 *       subscriptions, through a real mosquitto.
 *   <li>{@code mqttFlowSession}: the real stack, a flow {@link VerifierSession} in ENGAGED over
 *       that gateway. For the MQTT variants the broker's subscription count ({@code $SYS}) is
 *       recorded too.
 * </ul>
 *
 * <p>Usage: {@code FootprintMain OUT.json [COUNT...]}, counts default to 10000 100000.
 */
public final class FootprintMain {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration SYS_WAIT = Duration.ofSeconds(10);
  private static final int WARMUP = 2_000;
  /** Sessions set up or closed at once over MQTT. */
  private static final int CONCURRENCY = 256;
  private static final List<String> VARIANTS = List.of("listener", "pendingSession", "flowSession", "mqttListener", "mqttFlowSession");

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final SysMosquitto broker;
  private final MqttStack stack;

  private FootprintMain(SysMosquitto broker, MqttStack stack) {
    this.broker = broker;
    this.stack = stack;
  }

  /**
   * One measurement.
   *
   * @param brokerSubscriptions subscriptions the broker gained per pending session, NaN when not
   *     measured (in-memory) or not published
   * @param brokerHeap bytes of broker heap per pending session ({@code $SYS}), NaN likewise
   */
  public record Result(String variant, int sessions, long heapBefore, long heapAfter, double brokerSubscriptions, double brokerHeap) {
    public double bytesPerSession() {
      return (double) (heapAfter - heapBefore) / sessions;
    }
  }

  /** Pending sessions of one variant, held until closed. */
  private interface Pending {
    void close();
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: FootprintMain OUT.json [COUNT...]");
      System.exit(2);
    }
    List<Integer> counts = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      counts.add(Integer.parseInt(args[i]));
    }
    if (counts.isEmpty()) {
      counts = List.of(10_000, 100_000);
    }
    List<Result> results = new ArrayList<>();
    try (SysMosquitto broker = SysMosquitto.start();
        MqttStack stack = MqttStack.open(broker, SubscriptionStrategy.PER_SESSION)) {
      FootprintMain main = new FootprintMain(broker, stack);
      for (String variant : VARIANTS) {
        main.measure(variant, WARMUP);
      }
      for (int n : counts) {
        for (String variant : VARIANTS) {
          Result r = main.measure(variant, n);
          System.out.printf(Locale.ROOT, "footprint %-16s %,9d sessions: %,8.0f bytes/session%s%n", r.variant(), r.sessions(), r.bytesPerSession(),
              Double.isNaN(r.brokerSubscriptions()) ? "" : String.format(Locale.ROOT, ", broker: %.2f subscriptions and %,.0f bytes/session", r.brokerSubscriptions(), r.brokerHeap()));
          results.add(r);
        }
      }
    }
    write(Path.of(args[0]), results);
    System.exit(0);
  }

  private Result measure(String variant, int n) {
    boolean mqtt = variant.startsWith("mqtt");
    long subscriptionsBefore = mqtt ? broker.settled(SysMosquitto.SUBSCRIPTIONS) : -1;
    long brokerHeapBefore = mqtt ? broker.settled(SysMosquitto.HEAP) : -1;
    InMemoryHub hub = InMemoryHub.create();
    InMemoryTransport memory = InMemoryTransport.create(hub);
    // The holders are allocated before the first reading, so that they are not counted.
    List<Object> held = new ArrayList<>(3 * n);
    long before = usedAfterGc();
    Pending pending =
        switch (variant) {
          case "listener" -> listeners(memory, n, held, false);
          case "pendingSession" -> listeners(memory, n, held, true);
          case "flowSession" -> flowSessions(memory, n, held);
          case "mqttListener" -> mqttListeners(stack.verifier(), n, held);
          case "mqttFlowSession" -> flowSessions(stack.verifier(), n, held);
          default -> throw new IllegalArgumentException("unknown variant " + variant);
        };
    long after = usedAfterGc();
    double subscriptions = Double.NaN;
    double brokerHeap = Double.NaN;
    if (mqtt) {
      // Every subscription was acknowledged before the heap reading; the broker's next $SYS update has them all.
      long now = broker.settled(SysMosquitto.SUBSCRIPTIONS);
      subscriptions = now < 0 || subscriptionsBefore < 0 ? Double.NaN : (double) (now - subscriptionsBefore) / n;
      long heap = broker.settled(SysMosquitto.HEAP);
      brokerHeap = heap < 0 || brokerHeapBefore < 0 ? Double.NaN : (double) (heap - brokerHeapBefore) / n;
    }
    Reference.reachabilityFence(held);
    pending.close();
    if (hub.activeSessions() != 0) {
      throw new IllegalStateException(hub.activeSessions() + " in-memory sessions leaked after close (" + variant + ")");
    }
    if (mqtt) {
      int left = stack.verifier().stats().sessions();
      if (left != 0) {
        throw new IllegalStateException(left + " MQTT sessions leaked after close (" + variant + ")");
      }
      long after2 = broker.await(SysMosquitto.SUBSCRIPTIONS, v -> v <= subscriptionsBefore, SYS_WAIT);
      if (subscriptionsBefore >= 0 && after2 > subscriptionsBefore) {
        throw new IllegalStateException((after2 - subscriptionsBefore) + " subscriptions left at the broker after close (" + variant + ")");
      }
    }
    return new Result(variant, n, before, after, subscriptions, brokerHeap);
  }

  private Pending listeners(InMemoryTransport transport, int n, List<Object> held, boolean full) {
    List<SessionListener> listeners = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SessionListener listener = transport.listen(SessionId.random()).block(WAIT);
      listeners.add(listener);
      if (full) {
        X25519KeyPair keys = X25519KeyPair.generate();
        String qr = Engagement.builder().key(keys.publicKey()).endpoint(listener.endpoint()).build().toUri();
        Disposable subscription = listener.identifies().subscribe(identify -> {});
        held.add(keys);
        held.add(qr);
        held.add(subscription);
      }
    }
    held.add(listeners);
    return () -> {
      for (Object o : held) {
        if (o instanceof Disposable d) {
          d.dispose();
        }
      }
      Flux.fromIterable(listeners).flatMap(SessionListener::close, CONCURRENCY).blockLast(WAIT);
    };
  }

  private Pending mqttListeners(MqttGateway gateway, int n, List<Object> held) {
    List<SessionListener> listeners =
        Flux.range(0, n).flatMap(i -> gateway.listen(SessionId.random()), CONCURRENCY).collectList().block(WAIT);
    held.add(listeners);
    return () -> Flux.fromIterable(listeners).flatMap(SessionListener::close, CONCURRENCY).blockLast(WAIT);
  }

  private Pending flowSessions(VerifierTransport transport, int n, List<Object> held) {
    Verifier verifier = FlowFixture.verifier(transport);
    List<VerifierSession> sessions =
        Flux.range(0, n)
            .flatMap(
                i -> {
                  VerifierSession s = verifier.session(FlowFixture.QUERY);
                  return s.engagement().thenReturn(s);
                },
                CONCURRENCY)
            .collectList()
            .block(WAIT);
    for (VerifierSession s : sessions) {
      if (s.currentState() != VerifierState.ENGAGED) {
        throw new IllegalStateException("a pending flow session is " + s.currentState() + ", not ENGAGED");
      }
    }
    held.add(sessions);
    return () -> Flux.fromIterable(sessions).flatMap(VerifierSession::cancel, CONCURRENCY).blockLast(WAIT);
  }

  /** Heap in use after full collections, once it stops shrinking. */
  private long usedAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      long now = memory.getHeapMemoryUsage().getUsed();
      if (now >= used) {
        return Math.min(now, used);
      }
      used = now;
    }
    return used;
  }

  private static void write(Path out, List<Result> results) throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    root.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    ArrayNode array = root.putArray("results");
    for (Result r : results) {
      ObjectNode node = array.addObject();
      node.put("variant", r.variant());
      node.put("sessions", r.sessions());
      node.put("heapBeforeBytes", r.heapBefore());
      node.put("heapAfterBytes", r.heapAfter());
      node.put("bytesPerSession", Math.round(r.bytesPerSession()));
      if (!Double.isNaN(r.brokerSubscriptions())) {
        node.put("brokerSubscriptionsPerSession", r.brokerSubscriptions());
      }
      if (!Double.isNaN(r.brokerHeap())) {
        node.put("brokerHeapBytesPerSession", Math.round(r.brokerHeap()));
      }
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    json.writeValue(out.toFile(), root);
  }
}
