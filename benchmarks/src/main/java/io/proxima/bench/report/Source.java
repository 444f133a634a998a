package io.proxima.bench.report;

import io.proxima.bench.ble.BleRoundTrips;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** Where a report row takes a number from. */
public sealed interface Source permits Source.Jmh, Source.Footprint, Source.Ble {

  /** What it is, for the table. */
  String label();

  /** The number, if this run measured it. */
  Optional<Measured> value(Inputs inputs);

  /** A number and its unit. */
  record Measured(double value, Unit unit) {}

  /** Everything a report is made from. */
  record Inputs(JmhResults jmh, FootprintResults footprint, BleResults ble) {
    /** Inputs without BLE counts. */
    public Inputs(JmhResults jmh, FootprintResults footprint) {
      this(jmh, footprint, BleResults.none());
    }
  }

  /**
   * A statistic of a JMH result.
   *
   * @param benchmark {@code SimpleClass.method}, or the full name
   * @param params the parameters that select the result (a subset of its parameters)
   */
  record Jmh(String label, String benchmark, Map<String, String> params, Statistic statistic) implements Source {
    @Override
    public Optional<Measured> value(Inputs inputs) {
      return inputs.jmh().find(benchmark, params).flatMap(r -> r.get(statistic).map(v -> new Measured(v, r.unit())));
    }
  }

  /** What the footprint harness measured for one variant at one count. */
  record Footprint(String label, String variant, int sessions, FootprintMetric metric) implements Source {

    /** Heap per pending session. */
    public Footprint(String label, String variant, int sessions) {
      this(label, variant, sessions, FootprintMetric.HEAP_BYTES);
    }

    @Override
    public Optional<Measured> value(Inputs inputs) {
      return inputs.footprint().find(variant, sessions)
          .map(e -> new Measured(metric.of(e), metric.unit))
          .filter(m -> !Double.isNaN(m.value()));
    }
  }

  /** Which number of a footprint entry. */
  enum FootprintMetric {
    HEAP_BYTES(Unit.BYTES, FootprintResults.Entry::bytesPerSession),
    BROKER_SUBSCRIPTIONS(Unit.COUNT, FootprintResults.Entry::brokerSubscriptions),
    BROKER_HEAP_BYTES(Unit.BYTES, FootprintResults.Entry::brokerHeapBytes);

    final Unit unit;
    private final ToDoubleFunction<FootprintResults.Entry> extract;

    FootprintMetric(Unit unit, ToDoubleFunction<FootprintResults.Entry> extract) {
      this.unit = unit;
      this.extract = extract;
    }

    double of(FootprintResults.Entry e) {
      return extract.applyAsDouble(e);
    }
  }

  /** A count of GATT operations of one BLE transfer at one MTU. */
  record Ble(String label, int mtu, BleMetric metric) implements Source {
    @Override
    public Optional<Measured> value(Inputs inputs) {
      return inputs.ble().find(mtu).map(c -> new Measured(metric.of(c), Unit.COUNT));
    }
  }

  /** Which count of a BLE transfer. */
  enum BleMetric {
    ROUND_TRIPS,
    IDEAL_ROUND_TRIPS;

    double of(BleRoundTrips.Count c) {
      return this == ROUND_TRIPS ? c.roundTrips() : c.idealRoundTrips();
    }
  }

  static Jmh jmh(String label, String benchmark, Statistic statistic) {
    return new Jmh(label, benchmark, Map.of(), statistic);
  }

  static Jmh jmh(String label, String benchmark, Map<String, String> params, Statistic statistic) {
    return new Jmh(label, benchmark, params, statistic);
  }
}
