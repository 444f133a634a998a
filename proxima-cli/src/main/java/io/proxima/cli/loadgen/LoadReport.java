package io.proxima.cli.loadgen;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The result of a load run.
 *
 * @param requested sessions asked for
 * @param completed sessions that ended ACCEPTED at the gateway with the wallet SUBMITTED
 * @param verified of those, the ones whose presentation the gateway verified
 * @param failed sessions that did not complete (creation refused for good, timeout, any other end)
 * @param throttled 503 answers that were retried after their Retry-After
 * @param elapsed from the first request to the last outcome
 * @param latency per completed session, POST /sessions to the outcome event, in microseconds
 * @param setup per created session, POST /sessions to its 201 (the session listens), in microseconds
 * @param failures failed sessions by reason
 */
public record LoadReport(
    int requested,
    int completed,
    int verified,
    int failed,
    long throttled,
    Duration elapsed,
    Histogram latency,
    Histogram setup,
    Map<String, Integer> failures) {

  public LoadReport {
    failures = Map.copyOf(new TreeMap<>(failures));
  }

  /** Completed sessions per second. */
  public double throughput() {
    double s = elapsed.toNanos() / 1e9;
    return s <= 0 ? 0 : completed / s;
  }

  /** The summary printed at the end of a run. */
  public String text() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "sessions: %d requested, %d completed (%d verified), %d failed, %d throttled (503, retried)%n",
        requested, completed, verified, failed, throttled));
    b.append(String.format(Locale.ROOT, "elapsed: %.2f s, throughput: %.1f sessions/s%n", elapsed.toNanos() / 1e9, throughput()));
    b.append(percentiles("latency (POST to outcome)", latency));
    b.append(percentiles("setup (POST to 201)", setup));
    if (!failures.isEmpty()) {
      b.append("failures:");
      failures.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
      b.append(System.lineSeparator());
    }
    return b.toString();
  }

  private static String percentiles(String name, Histogram h) {
    if (h.getTotalCount() == 0) {
      return name + ": no samples" + System.lineSeparator();
    }
    return String.format(Locale.ROOT, "%s ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  (n=%d)%n", name,
        ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1000.0, h.getTotalCount());
  }

  private static double ms(Histogram h, double p) {
    return h.getValueAtPercentile(p) / 1000.0;
  }

  /** A machine-readable form. */
  public ObjectNode json() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("requested", requested);
    o.put("completed", completed);
    o.put("verified", verified);
    o.put("failed", failed);
    o.put("throttled", throttled);
    o.put("elapsed_s", elapsed.toNanos() / 1e9);
    o.put("throughput_per_s", throughput());
    o.set("latency_ms", histogramJson(latency));
    o.set("setup_ms", histogramJson(setup));
    ObjectNode f = o.putObject("failures");
    failures.forEach(f::put);
    return o;
  }

  private static ObjectNode histogramJson(Histogram h) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("count", h.getTotalCount());
    if (h.getTotalCount() > 0) {
      o.put("p50", ms(h, 50));
      o.put("p90", ms(h, 90));
      o.put("p99", ms(h, 99));
      o.put("p99_9", ms(h, 99.9));
      o.put("max", h.getMaxValue() / 1000.0);
      o.put("mean", h.getMean() / 1000.0);
    }
    return o;
  }
}
