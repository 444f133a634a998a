package io.proxima.bench.report;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One line of the report: a measure, the baseline it is divided by (a sum of results of the same
 * run, or none for an absolute measure like heap per session), and the target if it sets
 * one.
 */
public record Row(String measure, Source numerator, List<Source> baseline, @Nullable Target target) {

  public Row {
    baseline = List.copyOf(baseline);
  }

  /** A ratio row. */
  public static Row ratio(String measure, Source numerator, Source baseline, @Nullable Target target) {
    return new Row(measure, numerator, List.of(baseline), target);
  }

  /** A ratio row whose baseline is the sum of several results (e.g. raw legs + crypto floor). */
  public static Row ratioToSum(String measure, Source numerator, List<Source> baseline, @Nullable Target target) {
    return new Row(measure, numerator, baseline, target);
  }

  /** An absolute row (no baseline), for measures whose target is absolute. */
  public static Row absolute(String measure, Source numerator, @Nullable Target target) {
    return new Row(measure, numerator, List.of(), target);
  }
}
