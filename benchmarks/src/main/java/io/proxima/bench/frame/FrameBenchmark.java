package io.proxima.bench.frame;

import io.proxima.bench.fixture.Broker;
import io.proxima.bench.fixture.MqttStack;
import io.proxima.mqtt.SubscriptionStrategy;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Per-frame cost on an established channel: {@value #LEGS} frames bounced between the verifier and
 * the wallet {@link io.proxima.transport.FrameConnection} of one accepted MQTT session ({@link
 * ChannelRelay}: the project's transport, verifier on an {@link io.proxima.mqtt.MqttGateway}),
 * divided by the same bounce of raw Vert.x publishes through the same broker ({@link RawRelay}).
 * Each invocation counts as {@value #LEGS} operations, so the score is the time of one frame
 * (published, routed, received, handed to the receiver), and the JMH thread's wake-up is spread
 * over the legs alike on both sides.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FrameBenchmark {

  /** Frames per invocation. */
  public static final int LEGS = 10;
  /** How long one exchange may take before the benchmark fails. */
  static final long EXCHANGE_TIMEOUT_SECONDS = 10;

  @Param({"mosquitto"})
  public String broker;

  /** Bytes per frame: the size of the sealed submission. */
  @Param({"4096"})
  public int size;

  private Broker running;
  private MqttStack stack;
  private ChannelRelay channel;
  private RawRelay raw;

  @Setup(Level.Trial)
  public void start() {
    running = Broker.Kind.of(broker).start();
    stack = MqttStack.open(running, SubscriptionStrategy.PER_SESSION);
    channel = ChannelRelay.open(stack.verifier(), stack.wallets(), size);
    raw = RawRelay.open(running, size);
  }

  @TearDown(Level.Trial)
  public void stop() {
    try {
      if (channel != null) {
        channel.close();
      }
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

  /** Frames over the established session channel of the MQTT transport. */
  @Benchmark
  @OperationsPerInvocation(LEGS)
  public int channelFrame() throws Exception {
    return channel.exchange(LEGS).get(EXCHANGE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** Baseline: raw Vert.x publishes of the same size through the same broker. */
  @Benchmark
  @OperationsPerInvocation(LEGS)
  public int rawVertxPublish() throws Exception {
    return raw.exchange(LEGS).get(EXCHANGE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
