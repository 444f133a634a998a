package io.proxima.bench.report;

/** Which number of a JMH result a report row uses. */
public enum Statistic {
  /** The score: the mean for AverageTime, SampleTime and SingleShotTime, the rate for Throughput. */
  MEAN("mean", null),
  /** The median of a SampleTime result. */
  P50("p50", "50.0"),
  /** The 99th percentile of a SampleTime result. */
  P99("p99", "99.0");

  private final String label;
  private final String jmhKey;

  Statistic(String label, String jmhKey) {
    this.label = label;
    this.jmhKey = jmhKey;
  }

  public String label() {
    return label;
  }

  /** The key in JMH's {@code scorePercentiles}, or null for the score itself. */
  String jmhKey() {
    return jmhKey;
  }
}
