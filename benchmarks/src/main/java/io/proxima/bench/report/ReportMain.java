package io.proxima.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code RESULTS.md} from the files of a run in a results directory: {@code
 * jmh-result.json} (required), {@code footprint.json} and {@code run-info.json} (optional).
 *
 * <p>Usage: {@code ReportMain [RESULTS_DIR]}, default {@code benchmarks/results}.
 */
public final class ReportMain {

  public static final String JMH_FILE = "jmh-result.json";
  public static final String FOOTPRINT_FILE = "footprint.json";
  public static final String RUN_INFO_FILE = "run-info.json";
  public static final String REPORT_FILE = "RESULTS.md";

  private ReportMain() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
    Path out = write(dir);
    System.out.println("report written to " + out);
  }

  /** Reads the run's files in {@code dir} and writes the report there; returns its path. */
  public static Path write(Path dir) throws IOException {
    Source.Inputs inputs =
        new Source.Inputs(JmhResults.read(dir.resolve(JMH_FILE)), FootprintResults.read(dir.resolve(FOOTPRINT_FILE)));
    String md = Report.markdown(ReportSpec.standard(), inputs, RunInfo.read(dir.resolve(RUN_INFO_FILE)).orElse(null));
    Path out = dir.resolve(REPORT_FILE);
    Files.writeString(out, md);
    return out;
  }
}
