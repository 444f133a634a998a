package io.proxima.bench.runner;

import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * How long each group of benchmarks runs. {@link #SHORT} is designed to finish, build included,
 * within 10 minutes on 2 cores with every benchmark of issue 6 in place: today's groups take about
 * 3.5 minutes, the rest is room for the MQTT session, gateway, per-frame and BLE groups.
 */
public enum Profile {
  /** A quick look: one fork, a few seconds per benchmark. */
  SHORT,
  /** More forks and longer iterations, for numbers to publish. */
  FULL;

  /** Iteration settings of one group under one profile. */
  public record Settings(
      int forks, int warmupIterations, TimeValue warmupTime, int measurementIterations, TimeValue measurementTime) {

    /** {@code forks} forks of one single-shot iteration each, no warmup (cold start). */
    public static Settings singleShot(int forks) {
      return new Settings(forks, 0, TimeValue.NONE, 1, TimeValue.NONE);
    }

    public static Settings timed(int forks, int warmups, int warmupSeconds, int iterations, int iterationSeconds) {
      return new Settings(forks, warmups, TimeValue.seconds(warmupSeconds), iterations, TimeValue.seconds(iterationSeconds));
    }
  }

  /** Parses {@code short} or {@code full}. */
  public static Profile of(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown profile '" + name + "'; one of " + List.of(values()).toString().toLowerCase(Locale.ROOT), e);
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
