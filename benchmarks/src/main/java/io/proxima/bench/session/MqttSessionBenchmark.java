package io.proxima.bench.session;

import io.proxima.bench.fixture.Broker;
import io.proxima.bench.fixture.MqttStack;
import io.proxima.bench.flow.FlowFixture;
import io.proxima.bench.mqtt.VertxProtocolSession;
import io.proxima.mqtt.SubscriptionStrategy;
import io.proxima.oid4vp.Verifier;
import io.proxima.oid4vp.VerifierOutcome;
import io.proxima.oid4vp.Wallet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Session setup latency over MQTT, through a broker on loopback: the verifier on an {@link
 * io.proxima.mqtt.MqttGateway} with per-session subscriptions (the default), the wallet on an
 * established connection of its own (as the raw baselines' clients are). SampleTime, so p50 and
 * p99 compare with the baselines of the same run:
 *
 * <ul>
 *   <li>{@link #draft00Session}: {@link Draft00Exchange} (listen, engagement, connect, Identify,
 *       accept, request 1.5 KB, submission 4 KB, both closes, real crypto). Issue 6's baseline:
 *       the three raw Vert.x legs of {@link io.proxima.bench.mqtt.RawMqttBenchmark} (same broker
 *       kind) + the two-sided crypto floor of {@link SessionBenchmark}.
 *   <li>{@link #rawProtocolSession}: every MQTT packet such a session exchanges (two SUBSCRIBEs,
 *       three legs, three UNSUBSCRIBEs) with raw Vert.x clients: the complete broker traffic of a
 *       session, the fairer transport baseline.
 *   <li>{@link #flowSession}: the same session driven by the oid4vp-flow state machines (signed
 *       request, request verification, structural validation); baseline: the flow's crypto
 *       floor ({@link SessionBenchmark#flowCryptoFloor}) + the raw legs.
 * </ul>
 *
 * <p>Sessions run on the gateways' Vert.x event loops; the JMH thread only waits.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MqttSessionBenchmark {

  @Param({"mosquitto", "moquette"})
  public String broker;

  private Broker running;
  private MqttStack stack;
  private VertxProtocolSession raw;
  private Verifier verifier;
  private Wallet wallet;

  @Setup(Level.Trial)
  public void start() {
    running = Broker.Kind.of(broker).start();
    stack = MqttStack.open(running, SubscriptionStrategy.PER_SESSION);
    raw = VertxProtocolSession.open(running);
    verifier = FlowFixture.verifier(stack.verifier());
    wallet = FlowFixture.wallet(stack.wallets());
  }

  /** Closes the gateways (failing the run if a session leaked) and the broker. */
  @TearDown(Level.Trial)
  public void stop() {
    try {
      if (raw != null) {
        raw.close();
      }
      if (stack != null) {
        stack.close();
      }
    } finally {
      if (running != null) {
        running.close();
      }
    }
  }

  /** A full draft00 session over MQTT. */
  @Benchmark
  public byte[] draft00Session() throws Exception {
    return Draft00Exchange.run(stack.verifier(), stack.wallets())
        .toFuture()
        .get(SessionBenchmark.SESSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Baseline: the MQTT packets of one session with raw Vert.x clients, no crypto. */
  @Benchmark
  public int rawProtocolSession() throws Exception {
    return raw.exchange().get(SessionBenchmark.SESSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A full session driven by the flow's verifier and wallet state machines over MQTT. */
  @Benchmark
  public VerifierOutcome flowSession() throws Exception {
    return FlowFixture.session(verifier, wallet)
        .toFuture()
        .get(SessionBenchmark.SESSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
