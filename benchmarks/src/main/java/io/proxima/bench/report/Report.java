package io.proxima.bench.report;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Computes the rows of a report from a run's results and renders them as markdown. */
public final class Report {

  /** Whether a row meets its target. */
  public enum Status {
    PASS,
    MISS,
    /** The issue sets no target for this row. */
    NONE
  }

  /**
   * A computed row.
   *
   * @param baselineValue NaN for an absolute row
   * @param ratio value / baselineValue, NaN for an absolute row
   */
  public record Line(Row row, double value, Unit unit, String baselineLabel, double baselineValue, double ratio, Status status) {}

  /** A computed section, with the rows this run could not compute. */
  public record Table(Section section, List<Line> lines, List<Row> missing) {}

  private Report() {}

  /** Computes every row whose results are in {@code inputs}. */
  public static List<Table> compute(List<Section> spec, Source.Inputs inputs) {
    List<Table> tables = new ArrayList<>();
    for (Section section : spec) {
      List<Line> lines = new ArrayList<>();
      List<Row> missing = new ArrayList<>();
      for (Row row : section.rows()) {
        compute(row, inputs).ifPresentOrElse(lines::add, () -> missing.add(row));
      }
      tables.add(new Table(section, lines, missing));
    }
    return tables;
  }

  /** One row, or empty when a result it needs was not measured in this run. */
  public static Optional<Line> compute(Row row, Source.Inputs inputs) {
    Optional<Source.Measured> numerator = row.numerator().value(inputs);
    if (numerator.isEmpty()) {
      return Optional.empty();
    }
    double base = Double.NaN;
    if (!row.baseline().isEmpty()) {
      base = 0;
      for (Source s : row.baseline()) {
        Optional<Source.Measured> m = s.value(inputs);
        if (m.isEmpty()) {
          return Optional.empty();
        }
        if (m.get().unit() != numerator.get().unit()) {
          throw new IllegalStateException(
              "row '" + row.measure() + "' divides " + numerator.get().unit() + " by " + m.get().unit());
        }
        base += m.get().value();
      }
    }
    double value = numerator.get().value();
    double ratio = row.baseline().isEmpty() ? Double.NaN : value / base;
    Target target = row.target();
    Status status = target == null ? Status.NONE : target.met(value, ratio) ? Status.PASS : Status.MISS;
    String baselineLabel = row.baseline().stream().map(Source::label).collect(Collectors.joining(" + "));
    return Optional.of(new Line(row, value, numerator.get().unit(), baselineLabel, base, ratio, status));
  }

  /** The whole report as markdown. */
  public static String markdown(List<Section> spec, Source.Inputs inputs, @Nullable RunInfo info) {
    StringBuilder md = new StringBuilder();
    md.append("# Proxima benchmarks\n\n");
    header(md, inputs, info);
    List<Row> missing = new ArrayList<>();
    for (Table t : compute(spec, inputs)) {
      missing.addAll(t.missing());
      if (t.lines().isEmpty()) {
        continue;
      }
      md.append("## ").append(t.section().title()).append("\n\n").append(t.section().description()).append("\n\n");
      md.append("| measure | value | baseline | baseline value | ratio | target | status |\n");
      md.append("|---|--:|---|--:|--:|---|---|\n");
      for (Line l : t.lines()) {
        Target target = l.row().target();
        md.append("| ").append(l.row().measure())
            .append(" | ").append(l.unit().format(l.value()))
            .append(" | ").append(l.row().baseline().isEmpty() ? "—" : l.baselineLabel())
            .append(" | ").append(Double.isNaN(l.baselineValue()) ? "—" : l.unit().format(l.baselineValue()))
            .append(" | ").append(Double.isNaN(l.ratio()) ? "—" : "**" + Target.factor(l.ratio()) + "**")
            .append(" | ").append(target == null ? "—" : target.describe(l.unit()))
            .append(" | ").append(switch (l.status()) {
              case PASS -> "pass";
              case MISS -> "**MISS**";
              case NONE -> "";
            })
            .append(" |\n");
      }
      md.append('\n');
    }
    if (!missing.isEmpty()) {
      md.append("Not measured in this run (filtered out): ")
          .append(missing.stream().map(Row::measure).collect(Collectors.joining("; ")))
          .append(".\n\n");
    }
    rawResults(md, inputs);
    return md.toString();
  }

  private static void header(StringBuilder md, Source.Inputs inputs, @Nullable RunInfo info) {
    if (info != null) {
      md.append("- **Machine:** ").append(info.cpuModel()).append(", ").append(info.logicalCores()).append(" logical cores");
      if (info.memoryBytes() > 0) {
        md.append(", ").append(String.format(Locale.ROOT, "%.0f GiB", info.memoryBytes() / (double) (1L << 30)));
      }
      md.append(", ").append(info.os()).append('\n');
      md.append("- **JDK:** ").append(info.jdk()).append('\n');
      md.append("- **Date:** ")
          .append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC).format(info.started()))
          .append(", ").append(info.profile()).append(" profile, ")
          .append(info.durationSeconds() / 60).append(" min ").append(info.durationSeconds() % 60).append(" s of benchmarks\n");
      md.append("- **Load average** (1, 5, 15 min): ").append(info.loadAverageStart()).append(" at start, ")
          .append(info.loadAverageEnd()).append(" at end\n");
    } else if (!inputs.jmh().all().isEmpty()) {
      JmhResults.Result any = inputs.jmh().all().get(0);
      md.append("- **JDK:** ").append(any.vm()).append(" (").append(any.jdk()).append(")\n");
    }
    md.append("\nEvery ratio divides two results of this same run on this same machine; ratios, not absolute times,"
        + " are what carries over to other machines.\n\n");
  }

  private static void rawResults(StringBuilder md, Source.Inputs inputs) {
    if (inputs.jmh().all().isEmpty() && inputs.footprint().all().isEmpty()) {
      return;
    }
    md.append("## All results of this run\n\n");
    if (!inputs.jmh().all().isEmpty()) {
      md.append("| benchmark | params | mode | forks | score ± error | p50 | p99 |\n");
      md.append("|---|---|---|--:|--:|--:|--:|\n");
      for (JmhResults.Result r : inputs.jmh().all()) {
        md.append("| ").append(r.shortName())
            .append(" | ").append(r.params().isEmpty() ? "" : r.params().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")))
            .append(" | ").append(r.mode())
            .append(" | ").append(r.forks())
            .append(" | ").append(r.unit().format(r.score()))
            .append(Double.isNaN(r.scoreError()) ? "" : " ± " + r.unit().format(r.scoreError()))
            .append(" | ").append(r.get(Statistic.P50).filter(v -> r.mode().equals("sample")).map(v -> r.unit().format(v)).orElse(""))
            .append(" | ").append(r.get(Statistic.P99).filter(v -> r.mode().equals("sample")).map(v -> r.unit().format(v)).orElse(""))
            .append(" |\n");
      }
      md.append('\n');
    }
    if (!inputs.footprint().all().isEmpty()) {
      md.append("| footprint variant | pending sessions | heap per session |\n|---|--:|--:|\n");
      for (FootprintResults.Entry e : inputs.footprint().all()) {
        md.append("| ").append(e.variant()).append(" | ").append(String.format(Locale.ROOT, "%,d", e.sessions()))
            .append(" | ").append(Unit.BYTES.format(e.bytesPerSession())).append(" |\n");
      }
      md.append('\n');
    }
  }
}
