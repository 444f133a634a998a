package io.proxima.bench.crypto;

import io.proxima.crypto.internal.AesGcm;
import io.proxima.crypto.internal.Randomness;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The symmetric part of the crypto floor: AES-256-GCM seal and open through the project's {@link
 * AesGcm} (JDK provider, empty AAD, 16-byte tag) at 1 KB and 16 KB. Sealing reuses one key and IV
 * on purpose: this measures the cipher, not the session's one-seal-per-IV rule. SampleTime,
 * reported by the median, like every other latency here.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AesGcmBenchmark {

  private static final byte[] NO_AAD = new byte[0];

  @Param({"1024", "16384"})
  public int size;

  private byte[] key;
  private byte[] iv;
  private byte[] plaintext;
  private byte[] ciphertext;

  @Setup
  public void setUp() {
    key = Randomness.bytes(32);
    iv = Randomness.bytes(12);
    plaintext = Randomness.bytes(size);
    ciphertext = AesGcm.seal(key, iv, NO_AAD, plaintext);
  }

  @Benchmark
  public byte[] seal() {
    return AesGcm.seal(key, iv, NO_AAD, plaintext);
  }

  @Benchmark
  public byte[] open() throws GeneralSecurityException {
    return AesGcm.open(key, iv, NO_AAD, ciphertext);
  }
}
