package io.proxima.bench.gateway;

import io.proxima.bench.session.CryptoFloor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;

/**
 * The crypto-only bound of gateway throughput: the two-sided crypto of one session ({@link
 * CryptoFloor#twoSided()}), on as many threads as the machine has cores. No session can complete
 * faster on this machine than its crypto alone; JMH sums the threads' rates. The one-thread rate is
 * the bound of one session at a time.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CryptoThroughputBenchmark {

  /** Crypto-only sessions per second on all cores. */
  @Benchmark
  @Threads(Threads.MAX)
  public byte[] cryptoOnlySessions() {
    return CryptoFloor.twoSided();
  }

  /** Crypto-only sessions per second on one thread: the bound of one session at a time. */
  @Benchmark
  @Threads(1)
  public byte[] cryptoOnlySessionsOneThread() {
    return CryptoFloor.twoSided();
  }
}
