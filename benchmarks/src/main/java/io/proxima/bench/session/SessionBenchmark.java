package io.proxima.bench.session;

import io.proxima.transport.memory.InMemoryHub;
import io.proxima.transport.memory.InMemoryTransport;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.scheduler.Schedulers;

/**
 * Session setup latency over the in-memory transport, and its baseline as issue 6 defines it: the
 * transport's three raw legs ({@link InMemoryLegs}) plus the two-sided crypto floor ({@link
 * CryptoFloor}). All in SampleTime, so p50 and p99 compare like with like.
 *
 * <p>The in-memory transport delivers each frame on Reactor's parallel scheduler, as a network
 * transport delivers on its event loop: a session hands off between threads three times.
 *
 * <p>The session runs on Reactor's parallel scheduler, where the in-memory transport delivers
 * frames; the JMH thread only waits for the outcome.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SessionBenchmark {

  /** How long one session may take before the benchmark fails. */
  static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

  private InMemoryHub hub;
  private InMemoryTransport transport;
  private InMemoryTransport sameThread;
  private InMemoryLegs legs;

  @Setup(Level.Trial)
  public void start() {
    hub = InMemoryHub.create("bench");
    transport = InMemoryTransport.create(hub);
    sameThread = InMemoryTransport.create(hub).scheduler(Schedulers.immediate());
    legs = InMemoryLegs.open(transport);
  }

  /** Fails the run if any session leaked its registration on the hub. */
  @TearDown(Level.Trial)
  public void checkNothingLeaked() {
    legs.close();
    if (hub.activeSessions() != 0) {
      throw new IllegalStateException(hub.activeSessions() + " in-memory sessions leaked");
    }
  }

  /** Baseline: the crypto of one whole session, both sides, on this thread. */
  @Benchmark
  public byte[] twoSidedCryptoFloor() {
    return CryptoFloor.twoSided();
  }

  /** Baseline: three raw frames over an established in-memory connection pair, no crypto. */
  @Benchmark
  public int inMemoryRawLegs() throws Exception {
    return legs.exchange().get(SESSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A full draft00 session over the in-memory (MQTT-like) transport. */
  @Benchmark
  public byte[] inMemorySession() throws Exception {
    return Draft00Exchange.run(transport, transport)
        .toFuture()
        .get(SESSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Diagnostic: the same session with frames delivered on the sending thread, so the whole session
   * runs on the JMH thread. Against {@link #inMemorySession} it shows how much of the session's
   * cost over the crypto floor is thread hand-offs, and how much is the session code itself.
   */
  @Benchmark
  public byte[] inMemorySessionSameThread() throws Exception {
    return Draft00Exchange.run(sameThread, sameThread)
        .toFuture()
        .get(SESSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
