package io.proxima.bench.footprint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proxima.crypto.X25519KeyPair;
import io.proxima.engagement.Engagement;
import io.proxima.message.SessionId;
import io.proxima.transport.SessionListener;
import io.proxima.transport.memory.InMemoryHub;
import io.proxima.transport.memory.InMemoryTransport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.Disposable;

/**
 * Heap per pending session: how much a verifier holds for each session that shows a QR code and
 * waits for a wallet. Run in a JVM of its own (the runner forks one); not a JMH benchmark because
 * it measures retained heap, not time.
 *
 * <p>For each variant and count: full GC, heap used (MemoryMXBean); create the pending sessions and
 * keep them reachable; full GC, heap used; the difference divided by the count. Then everything is
 * closed and the hub must be empty again (a leak fails the run).
 *
 * <ul>
 *   <li>{@code listener}: what the in-memory transport holds, {@code transport.listen(id)}.
 *   <li>{@code pendingSession}: a listener, the verifier's X25519 key pair, the engagement URI (the
 *       QR) and a live subscription to {@code identifies()}: the least a verifier keeps per waiting
 *       session. The OID4VP state machine's own state is not there yet (oid4vp-flow).
 * </ul>
 *
 * <p>Usage: {@code FootprintMain OUT.json [COUNT...]}, counts default to 10000 100000.
 */
public final class FootprintMain {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int WARMUP = 2_000;

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

  private FootprintMain() {}

  /** One measurement. */
  public record Result(String variant, int sessions, long heapBefore, long heapAfter) {
    public double bytesPerSession() {
      return (double) (heapAfter - heapBefore) / sessions;
    }
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
    FootprintMain main = new FootprintMain();
    main.measure("listener", WARMUP, false);
    main.measure("pendingSession", WARMUP, true);
    List<Result> results = new ArrayList<>();
    for (int n : counts) {
      for (boolean full : new boolean[] {false, true}) {
        Result r = main.measure(full ? "pendingSession" : "listener", n, full);
        System.out.printf("footprint %-15s %,9d sessions: %,8.0f bytes/session%n", r.variant(), r.sessions(), r.bytesPerSession());
        results.add(r);
      }
    }
    write(Path.of(args[0]), results);
  }

  private Result measure(String variant, int n, boolean full) {
    InMemoryHub hub = InMemoryHub.create();
    InMemoryTransport transport = InMemoryTransport.create(hub);
    // The lists are allocated before the first reading, so that they are not counted.
    List<SessionListener> listeners = new ArrayList<>(n);
    List<Object> held = new ArrayList<>(full ? 3 * n : 0);
    long before = usedAfterGc();
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
    long after = usedAfterGc();
    Reference.reachabilityFence(listeners);
    Reference.reachabilityFence(held);
    Result result = new Result(variant, n, before, after);
    for (Object o : held) {
      if (o instanceof Disposable d) {
        d.dispose();
      }
    }
    for (SessionListener l : listeners) {
      l.close().block(WAIT);
    }
    if (hub.activeSessions() != 0) {
      throw new IllegalStateException(hub.activeSessions() + " pending sessions leaked after close");
    }
    return result;
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
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    json.writeValue(out.toFile(), root);
  }
}
