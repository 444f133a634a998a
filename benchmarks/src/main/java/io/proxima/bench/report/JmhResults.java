package io.proxima.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The results of a JMH run as written with {@code -rf json}, indexed for report rows. */
public final class JmhResults {

  /**
   * One benchmark result.
   *
   * @param benchmark the fully qualified benchmark method
   * @param mode JMH's short mode name: avgt, sample, ss, thrpt
   * @param score the score in {@code unit}
   * @param scoreError JMH's 99.9% confidence half-width, NaN when it could not compute one
   * @param percentiles SampleTime percentiles in {@code unit}, keyed like JMH ("50.0")
   */
  public record Result(
      String benchmark,
      String mode,
      Map<String, String> params,
      double score,
      double scoreError,
      Map<String, Double> percentiles,
      Unit unit,
      int forks,
      String jdk,
      String vm) {

    /** The short name, {@code SimpleClass.method}. */
    public String shortName() {
      String[] parts = benchmark.split("\\.");
      return parts.length < 2 ? benchmark : parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    /** The statistic, if this result has it. */
    public Optional<Double> get(Statistic statistic) {
      if (statistic.jmhKey() == null) {
        return Optional.of(score);
      }
      return Optional.ofNullable(percentiles.get(statistic.jmhKey()));
    }
  }

  private final List<Result> results;

  private JmhResults(List<Result> results) {
    this.results = List.copyOf(results);
  }

  public static JmhResults read(Path file) throws IOException {
    return parse(new ObjectMapper().readTree(file.toFile()));
  }

  /** Parses JMH's JSON array. */
  public static JmhResults parse(JsonNode root) {
    if (!root.isArray()) {
      throw new IllegalArgumentException("JMH JSON must be an array of results");
    }
    List<Result> list = new ArrayList<>();
    for (JsonNode n : root) {
      JsonNode metric = n.path("primaryMetric");
      String jmhUnit = metric.path("scoreUnit").asText();
      Unit.Scaled score = Unit.fromJmh(metric.path("score").asDouble(), jmhUnit);
      double factor = metric.path("score").asDouble() == 0 ? 1 : score.value() / metric.path("score").asDouble();
      Map<String, Double> percentiles = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = metric.path("scorePercentiles").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        percentiles.put(e.getKey(), Unit.fromJmh(e.getValue().asDouble(), jmhUnit).value());
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.path("params").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        params.put(e.getKey(), e.getValue().asText());
      }
      JsonNode error = metric.path("scoreError");
      double scoreError = error.isNumber() ? error.asDouble() * factor : Double.NaN;
      list.add(
          new Result(
              n.path("benchmark").asText(),
              n.path("mode").asText(),
              params,
              score.value(),
              scoreError,
              percentiles,
              score.unit(),
              n.path("forks").asInt(),
              n.path("jdkVersion").asText(""),
              n.path("vmName").asText("") + " " + n.path("vmVersion").asText("")));
    }
    return new JmhResults(list);
  }

  public List<Result> all() {
    return results;
  }

  /**
   * The result of benchmark {@code name} (a suffix of the method's full name, e.g.
   * {@code SessionBenchmark.inMemorySession}) whose parameters include all of {@code params}.
   *
   * @throws IllegalStateException if more than one result matches
   */
  public Optional<Result> find(String name, Map<String, String> params) {
    List<Result> matches = new ArrayList<>();
    for (Result r : results) {
      if ((r.benchmark().equals(name) || r.benchmark().endsWith("." + name))
          && r.params().entrySet().containsAll(params.entrySet())) {
        matches.add(r);
      }
    }
    if (matches.size() > 1) {
      throw new IllegalStateException("report row " + name + " " + params + " matches " + matches.size() + " results; name its parameters");
    }
    return matches.stream().findFirst();
  }
}
