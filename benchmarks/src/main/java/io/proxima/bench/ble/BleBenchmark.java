package io.proxima.bench.ble;

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
 * BLE over the in-memory GATT link at MTU 23, 185 and 512: a 1.5 KB request and an 8 KB
 * submission through the project's BLE transport ({@link BleTransfer}: Identify, Request Size
 * polling, chunk reads, summaries, write commands), divided by the ideal on the same link ({@link
 * IdealLink}: the fewest GATT operations such a transfer needs, and nothing else). SampleTime.
 *
 * <p>Each transfer runs on a freshly set-up session (listen, advertise, connect: per-invocation
 * setup, not timed), because a BLE session carries one request and one submission.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BleBenchmark {

  /** The link's MTU (PROTOCOL.md §5; the wallet asks for 512, old phones stay at 23). */
  @State(Scope.Thread)
  public static class Link {
    @Param({"23", "185", "512"})
    public int mtu;
  }

  /** A session set up to a connected wallet before each transfer. */
  @State(Scope.Thread)
  public static class Session {
    BleTransfer transfer;

    @Setup(Level.Invocation)
    public void open(Link link) {
      transfer = BleTransfer.open(link.mtu);
    }

    @TearDown(Level.Invocation)
    public void close() {
      transfer.close();
    }
  }

  /** The ideal link, set up once. */
  @State(Scope.Thread)
  public static class Ideal {
    IdealLink link;

    @Setup(Level.Trial)
    public void open(Link l) {
      link = IdealLink.open(l.mtu);
    }

    @TearDown(Level.Trial)
    public void close() {
      link.close();
    }
  }

  /** The transfer through the BLE transport. */
  @Benchmark
  public int transfer(Session session) {
    return session.transfer.transfer();
  }

  /** Baseline: the ideal operations of a transfer on the same kind of link. */
  @Benchmark
  public int idealOperations(Ideal ideal) {
    return ideal.link.run();
  }
}
