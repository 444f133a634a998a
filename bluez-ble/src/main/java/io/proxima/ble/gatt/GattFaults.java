package io.proxima.ble.gatt;

import io.proxima.ble.chunk.Mtu;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What an {@link InMemoryAir} link does wrong. Immutable; every {@code with} method returns a
 * copy. Random choices come from a generator seeded with {@link #seed()}.
 *
 * <p>Random loss and corruption hit the chunk carriers only: writes of Submit VC (lost writes
 * without response vanish) and read responses of Presentation Request (a lost response fails the
 * read after the peripheral moved on). The predicates see every transmission, notifications
 * included.
 *
 * @param mtu the link's ATT MTU, 23..517
 * @param lossRate probability that a chunk carrier is lost
 * @param corruptionRate probability that a chunk carrier arrives with one byte flipped
 * @param drop transmissions matching this are lost
 * @param corrupt transmissions matching this arrive with one byte flipped
 * @param failWrite writes with response matching this fail with {@code org.bluez.Error.Failed}
 * @param disconnectAfter the link drops after this many transmissions; negative: never
 * @param latency delay of every transmission
 * @param failSetup whether connecting (central) or opening the service (peripheral) fails
 * @param seed seed of the random generator
 */
public record GattFaults(
    int mtu,
    double lossRate,
    double corruptionRate,
    Predicate<Transmission> drop,
    Predicate<Transmission> corrupt,
    Predicate<Transmission> failWrite,
    int disconnectAfter,
    Duration latency,
    boolean failSetup,
    long seed) {

  /** One value crossing the link. */
  public record Transmission(Characteristic characteristic, byte[] value) {

    /** The chunk index if the value is a chunk (Submit VC, Presentation Request), else 0. */
    public int chunkIndex() {
      if ((characteristic != Characteristic.SUBMIT_VC && characteristic != Characteristic.PRESENTATION_REQUEST) || value.length < 4) {
        return 0;
      }
      return ((value[0] & 0xFF) << 8) | (value[1] & 0xFF);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Transmission t && t.characteristic == characteristic && Arrays.equals(t.value, value);
    }

    @Override
    public int hashCode() {
      return characteristic.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Transmission[" + characteristic + ", " + value.length + " bytes]";
    }
  }

  private static final Predicate<Transmission> NEVER = t -> false;
  private static final GattFaults NONE =
      new GattFaults(Mtu.MAX, 0, 0, NEVER, NEVER, NEVER, -1, Duration.ZERO, false, 0x5eedL);

  public GattFaults {
    if (mtu < Mtu.MIN || mtu > 517) {
      throw new IllegalArgumentException("mtu must be within 23..517, got " + mtu);
    }
    requireRate(lossRate, "lossRate");
    requireRate(corruptionRate, "corruptionRate");
    Objects.requireNonNull(drop, "drop");
    Objects.requireNonNull(corrupt, "corrupt");
    Objects.requireNonNull(failWrite, "failWrite");
    if (Objects.requireNonNull(latency, "latency").isNegative()) {
      throw new IllegalArgumentException("latency must not be negative");
    }
  }

  /** A perfect link at MTU 512. */
  public static GattFaults none() {
    return NONE;
  }

  /**
   * A predicate matching the first {@code times} transmissions of each listed chunk index on
   * {@code carrier}: "lose chunks 3 and 7 once". Stateful: use one per link.
   */
  public static Predicate<Transmission> chunks(Characteristic carrier, int times, int... indices) {
    Set<Integer> wanted = Arrays.stream(indices).boxed().collect(Collectors.toUnmodifiableSet());
    Map<Integer, Integer> seen = new ConcurrentHashMap<>();
    return t -> {
      if (t.characteristic() != carrier) {
        return false;
      }
      int index = t.chunkIndex();
      return wanted.contains(index) && seen.merge(index, 1, Integer::sum) <= times;
    };
  }

  /** A predicate matching every transmission on one characteristic. */
  public static Predicate<Transmission> on(Characteristic characteristic) {
    return t -> t.characteristic() == characteristic;
  }

  public GattFaults withMtu(int newMtu) {
    return new GattFaults(newMtu, lossRate, corruptionRate, drop, corrupt, failWrite, disconnectAfter, latency, failSetup, seed);
  }

  public GattFaults withLossRate(double rate) {
    return new GattFaults(mtu, rate, corruptionRate, drop, corrupt, failWrite, disconnectAfter, latency, failSetup, seed);
  }

  public GattFaults withCorruptionRate(double rate) {
    return new GattFaults(mtu, lossRate, rate, drop, corrupt, failWrite, disconnectAfter, latency, failSetup, seed);
  }

  public GattFaults withDrop(Predicate<Transmission> predicate) {
    return new GattFaults(mtu, lossRate, corruptionRate, predicate, corrupt, failWrite, disconnectAfter, latency, failSetup, seed);
  }

  public GattFaults withCorrupt(Predicate<Transmission> predicate) {
    return new GattFaults(mtu, lossRate, corruptionRate, drop, predicate, failWrite, disconnectAfter, latency, failSetup, seed);
  }

  public GattFaults withFailingWrites(Predicate<Transmission> predicate) {
    return new GattFaults(mtu, lossRate, corruptionRate, drop, corrupt, predicate, disconnectAfter, latency, failSetup, seed);
  }

  public GattFaults withDisconnectAfter(int transmissions) {
    return new GattFaults(mtu, lossRate, corruptionRate, drop, corrupt, failWrite, transmissions, latency, failSetup, seed);
  }

  public GattFaults withLatency(Duration delay) {
    return new GattFaults(mtu, lossRate, corruptionRate, drop, corrupt, failWrite, disconnectAfter, delay, failSetup, seed);
  }

  public GattFaults withFailingSetup(boolean fail) {
    return new GattFaults(mtu, lossRate, corruptionRate, drop, corrupt, failWrite, disconnectAfter, latency, fail, seed);
  }

  public GattFaults withSeed(long newSeed) {
    return new GattFaults(mtu, lossRate, corruptionRate, drop, corrupt, failWrite, disconnectAfter, latency, failSetup, newSeed);
  }

  private static void requireRate(double rate, String name) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(name + " must be within 0..1, got " + rate);
    }
  }
}
