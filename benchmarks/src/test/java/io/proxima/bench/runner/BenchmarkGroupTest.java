package io.proxima.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.bench.report.ReportSpec;
import io.proxima.bench.report.Row;
import io.proxima.bench.report.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

class BenchmarkGroupTest {

  /** Every benchmark the annotation processor found (META-INF/BenchmarkList). */
  static final Set<String> BENCHMARKS =
      BenchmarkList.defaultList().getAll(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of()).stream()
          .map(BenchmarkListEntry::getUsername)
          .collect(Collectors.toSet());

  @Test
  void everyBenchmarkRunsInExactlyOneGroup() {
    assertThat(BENCHMARKS).isNotEmpty();
    for (String benchmark : BENCHMARKS) {
      List<String> groups = new ArrayList<>();
      for (BenchmarkGroup g : BenchmarkGroup.ALL) {
        if (Pattern.compile(g.includePattern(null)).matcher(benchmark).find()) {
          groups.add(g.name());
        }
      }
      assertThat(groups).as("groups running %s", benchmark).hasSize(1);
    }
  }

  @Test
  void includeFilterNarrowsAGroupWithoutLeavingIt() {
    BenchmarkGroup session = group("session");
    Pattern p = Pattern.compile(session.includePattern("inMemorySession$"));
    assertThat(p.matcher("io.proxima.bench.session.SessionBenchmark.inMemorySession").find()).isTrue();
    assertThat(p.matcher("io.proxima.bench.session.SessionBenchmark.twoSidedCryptoFloor").find()).isFalse();
    assertThat(p.matcher("io.proxima.bench.session.ColdStartBenchmark.firstInMemorySession").find()).isFalse();
  }

  @Test
  void everyReportRowNamesABenchmarkThatExists() {
    for (var section : ReportSpec.standard()) {
      for (Row row : section.rows()) {
        List<Source> sources = new ArrayList<>(row.baseline());
        sources.add(row.numerator());
        for (Source s : sources) {
          if (s instanceof Source.Jmh jmh) {
            assertThat(BENCHMARKS).as("row '%s'", row.measure()).anyMatch(b -> b.endsWith("." + jmh.benchmark()));
          }
        }
      }
    }
  }

  @Test
  void coldStartRunsOneShotPerForkWithoutWarmup() {
    Profile.Settings s = group("cold-start").settings(Profile.SHORT);
    assertThat(s.warmupIterations()).isZero();
    assertThat(s.measurementIterations()).isOne();
    assertThat(s.forks()).isGreaterThanOrEqualTo(5);
  }

  private static BenchmarkGroup group(String name) {
    return BenchmarkGroup.ALL.stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
  }
}
