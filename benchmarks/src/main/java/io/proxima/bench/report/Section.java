package io.proxima.bench.report;

import java.util.List;

/** A table of the report. */
public record Section(String title, String description, List<Row> rows) {
  public Section {
    rows = List.copyOf(rows);
  }
}
