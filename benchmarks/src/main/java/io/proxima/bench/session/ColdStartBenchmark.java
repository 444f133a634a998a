package io.proxima.bench.session;

import io.proxima.testing.MosquittoBroker;
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

/**
 * Cold start: the first session in a fresh JVM (SingleShotTime, one shot per fork, several forks),
 * class loading, Reactor's schedulers and Bouncy Castle's precomputation included. Its baseline is
 * the first two-sided crypto floor in a fresh JVM. Nothing of the project is touched before the
 * shot: the benchmark methods only call into {@link ColdStart}, loaded on first use.
 *
 * <p>Over MQTT the shot also creates the library's Vert.x instance and connects the verifier's
 * gateway and the wallet's own connection (TCP, CONNECT/CONNACK) to a mosquitto started before
 * the shot; the gateway is closed after it.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ColdStartBenchmark {

  /** A mosquitto started before the shot (a separate process: none of its classes are ours). */
  @State(Scope.Benchmark)
  public static class Mosquitto {
    MosquittoBroker broker;
    AutoCloseable gateway;

    @Setup(Level.Trial)
    public void start() {
      broker = MosquittoBroker.start(MosquittoBroker.Config.plain().tcpNoDelay(true));
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
      try {
        if (gateway != null) {
          gateway.close();
        }
      } finally {
        broker.close();
      }
    }
  }

  /** The first full in-memory session of the JVM. */
  @Benchmark
  public Object firstInMemorySession() throws Exception {
    return ColdStart.inMemorySession();
  }

  /** The first full session of the JVM over MQTT, connections included. */
  @Benchmark
  public Object firstMqttSession(Mosquitto mosquitto) throws Exception {
    var gateway = ColdStart.mqttSession(mosquitto.broker.url());
    mosquitto.gateway = () -> gateway.close().block(java.time.Duration.ofSeconds(10));
    return gateway;
  }

  /** Baseline: the first two-sided crypto floor of the JVM. */
  @Benchmark
  public Object firstCryptoFloor() {
    return ColdStart.cryptoFloor();
  }
}
