package io.proxima.bench.report;

import java.util.Map;
import java.util.Optional;

/** Where a report row takes a number from. */
public sealed interface Source permits Source.Jmh, Source.Footprint {

  /** What it is, for the table. */
  String label();

  /** The number, if this run measured it. */
  Optional<Measured> value(Inputs inputs);

  /** A number and its unit. */
  record Measured(double value, Unit unit) {}

  /** Everything a report is made from. */
  record Inputs(JmhResults jmh, FootprintResults footprint) {}

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

  /** Heap per session from the footprint harness. */
  record Footprint(String label, String variant, int sessions) implements Source {
    @Override
    public Optional<Measured> value(Inputs inputs) {
      return inputs.footprint().find(variant, sessions).map(e -> new Measured(e.bytesPerSession(), Unit.BYTES));
    }
  }

  static Jmh jmh(String label, String benchmark, Statistic statistic) {
    return new Jmh(label, benchmark, Map.of(), statistic);
  }

  static Jmh jmh(String label, String benchmark, Map<String, String> params, Statistic statistic) {
    return new Jmh(label, benchmark, params, statistic);
  }
}
