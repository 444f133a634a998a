package io.proxima.bench.report;

import java.util.Locale;

/**
 * A target of issue 6, on the ratio or on the value of a row.
 *
 * @param bound for ratios a factor; for values a number in the row's unit (ns or bytes)
 */
public record Target(Kind kind, double bound) {

  public enum Kind {
    /** ratio ≤ bound */
    RATIO_AT_MOST,
    /** ratio ≥ bound */
    RATIO_AT_LEAST,
    /** value ≤ bound */
    VALUE_AT_MOST
  }

  public static Target ratioAtMost(double factor) {
    return new Target(Kind.RATIO_AT_MOST, factor);
  }

  public static Target ratioAtLeast(double factor) {
    return new Target(Kind.RATIO_AT_LEAST, factor);
  }

  public static Target valueAtMost(double bound) {
    return new Target(Kind.VALUE_AT_MOST, bound);
  }

  /** Whether a row with this value and ratio (NaN when it has no baseline) meets the target. */
  public boolean met(double value, double ratio) {
    return switch (kind) {
      case RATIO_AT_MOST -> ratio <= bound;
      case RATIO_AT_LEAST -> ratio >= bound;
      case VALUE_AT_MOST -> value <= bound;
    };
  }

  /** {@code ≤ 1.25×}, {@code ≥ 0.6×}, {@code ≤ 300 ms}. */
  public String describe(Unit unit) {
    return switch (kind) {
      case RATIO_AT_MOST -> "≤ " + factor(bound);
      case RATIO_AT_LEAST -> "≥ " + factor(bound);
      case VALUE_AT_MOST -> "≤ " + unit.format(bound);
    };
  }

  static String factor(double f) {
    return String.format(Locale.ROOT, f >= 10 ? "%.1f×" : "%.2f×", f);
  }
}
