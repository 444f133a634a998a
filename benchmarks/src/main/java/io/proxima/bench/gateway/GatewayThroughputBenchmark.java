package io.proxima.bench.gateway;

import io.proxima.bench.fixture.Broker;
import io.proxima.bench.fixture.MqttStack;
import io.proxima.bench.session.Draft00Exchange;
import io.proxima.mqtt.SubscriptionStrategy;
import java.time.Duration;
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
import reactor.core.scheduler.Schedulers;

/**
 * Gateway throughput: completed draft00 sessions per second with {@code wallets} sessions in
 * flight at all times against ONE verifier broker connection ({@link io.proxima.mqtt.MqttGateway},
 * per subscription strategy), through mosquitto on loopback. The wallets share one load-generator
 * connection of their own and do their work on Reactor's parallel scheduler, as other devices
 * would. The verifier's session code moves its crypto off the gateway's event loop to Reactor's
 * parallel scheduler, as the MQTT transport's documentation asks of heavy work (frames are
 * delivered on the connection's single event loop): without that, one broker connection could use
 * one core at most. Each benchmark operation is one completed session ({@link ClosedLoop}),
 * so JMH's throughput is sessions/s. Baseline: {@link CryptoThroughputBenchmark} on the same
 * machine in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GatewayThroughputBenchmark {

  /** How long one session may take under load before the run fails. */
  static final Duration SESSION_TIMEOUT = Duration.ofSeconds(60);

  @Param({"PER_SESSION", "WILDCARD"})
  public String strategy;

  @Param({"1", "64", "1024"})
  public int wallets;

  private Broker broker;
  private MqttStack stack;
  private ClosedLoop load;

  @Setup(Level.Trial)
  public void start() {
    broker = Broker.Kind.MOSQUITTO.start();
    stack = MqttStack.open(broker, SubscriptionStrategy.valueOf(strategy));
    load = new ClosedLoop(() -> Draft00Exchange.run(stack.verifier(), stack.wallets(), Schedulers.parallel(), Schedulers.parallel()), wallets, SESSION_TIMEOUT).start();
  }

  /** Drains the sessions in flight, then fails the run if any leaked, and stops everything. */
  @TearDown(Level.Trial)
  public void stop() {
    try {
      if (load != null) {
        load.close();
      }
      if (stack != null) {
        stack.close();
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  /** Waits for the next completed session. */
  @Benchmark
  public void session() throws InterruptedException {
    load.awaitCompletion();
  }
}
