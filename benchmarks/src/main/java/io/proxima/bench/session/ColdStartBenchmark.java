package io.proxima.bench.session;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * Cold start: the first session in a fresh JVM (SingleShotTime, one shot per fork, several forks),
 * class loading, Reactor's schedulers and Bouncy Castle's precomputation included. Its baseline is
 * the first two-sided crypto floor in a fresh JVM. Nothing of the project is touched before the
 * shot: the benchmark methods only call into {@link ColdStart}, loaded on first use.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ColdStartBenchmark {

  /** The first full in-memory session of the JVM. */
  @Benchmark
  public Object firstInMemorySession() throws Exception {
    return ColdStart.inMemorySession();
  }

  /** Baseline: the first two-sided crypto floor of the JVM. */
  @Benchmark
  public Object firstCryptoFloor() {
    return ColdStart.cryptoFloor();
  }
}
