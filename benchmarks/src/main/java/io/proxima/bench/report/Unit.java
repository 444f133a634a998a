package io.proxima.bench.report;

import java.util.Locale;

/** What a reported number measures, and how it is printed. */
public enum Unit {
  /** Time per operation, in nanoseconds. */
  NANOS,
  /** Throughput, in operations per second. */
  OPS_PER_SECOND,
  /** Memory, in bytes. */
  BYTES;

  /** A short human form: {@code 412 µs}, {@code 1.23 ms}, {@code 12,300 ops/s}, {@code 812 B}. */
  public String format(double value) {
    return switch (this) {
      case NANOS -> formatTime(value);
      case OPS_PER_SECOND -> String.format(Locale.ROOT, "%,.0f ops/s", value);
      case BYTES -> String.format(Locale.ROOT, "%,.0f B", value);
    };
  }

  private static String formatTime(double ns) {
    if (ns >= 1e9) {
      return sig(ns / 1e9) + " s";
    }
    if (ns >= 1e6) {
      return sig(ns / 1e6) + " ms";
    }
    if (ns >= 1e3) {
      return sig(ns / 1e3) + " µs";
    }
    return sig(ns) + " ns";
  }

  /** Three significant digits, without exponent. */
  static String sig(double v) {
    if (v >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (v >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /**
   * Converts a JMH score to this project's units.
   *
   * @return the value in {@link #NANOS} or {@link #OPS_PER_SECOND}
   * @throws IllegalArgumentException for a unit JMH does not write
   */
  static Scaled fromJmh(double score, String jmhUnit) {
    return switch (jmhUnit) {
      case "ns/op" -> new Scaled(score, NANOS);
      case "us/op" -> new Scaled(score * 1e3, NANOS);
      case "ms/op" -> new Scaled(score * 1e6, NANOS);
      case "s/op" -> new Scaled(score * 1e9, NANOS);
      case "ops/ns" -> new Scaled(score * 1e9, OPS_PER_SECOND);
      case "ops/us" -> new Scaled(score * 1e6, OPS_PER_SECOND);
      case "ops/ms" -> new Scaled(score * 1e3, OPS_PER_SECOND);
      case "ops/s" -> new Scaled(score, OPS_PER_SECOND);
      case "ops/min" -> new Scaled(score / 60, OPS_PER_SECOND);
      default -> throw new IllegalArgumentException("unknown JMH score unit: " + jmhUnit);
    };
  }

  /** A value in one of these units. */
  record Scaled(double value, Unit unit) {}
}
