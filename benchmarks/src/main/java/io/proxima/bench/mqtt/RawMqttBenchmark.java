package io.proxima.bench.mqtt;

import io.proxima.bench.fixture.Broker;
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
 * Raw MQTT baselines: the three legs of a session (Identify 45 B, request 1.5 KB, submission 4 KB,
 * each published when the previous one arrived) through a broker on loopback, per client library
 * and broker. No crypto, no session code: this is what any MQTT session costs at least, and the
 * ratios between clients back the choice of Vert.x. See {@link PingPong}.
 *
 * <p>The JMH thread waits on a future; the clients' event loops never block.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RawMqttBenchmark {

  /** How long one exchange may take before the benchmark fails. */
  static final long EXCHANGE_TIMEOUT_SECONDS = 10;

  @Param({"vertx", "hivemq", "paho"})
  public String client;

  @Param({"mosquitto", "moquette"})
  public String broker;

  private Broker running;
  private PingPong pingPong;

  @Setup(Level.Trial)
  public void start() {
    running = Broker.Kind.of(broker).start();
    pingPong = PingPong.Client.of(client).open(running);
  }

  @TearDown(Level.Trial)
  public void stop() {
    try {
      if (pingPong != null) {
        pingPong.close();
      }
    } finally {
      if (running != null) {
        running.close();
      }
    }
  }

  /** One 3-leg exchange; returns the submission size. */
  @Benchmark
  public int threeLegs() throws Exception {
    return pingPong.exchange().get(EXCHANGE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
