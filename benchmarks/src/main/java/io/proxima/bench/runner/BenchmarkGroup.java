package io.proxima.bench.runner;

import io.proxima.bench.crypto.AesGcmBenchmark;
import io.proxima.bench.crypto.CryptoBenchmark;
import io.proxima.bench.mqtt.RawMqttBenchmark;
import io.proxima.bench.runner.Profile.Settings;
import io.proxima.bench.session.ColdStartBenchmark;
import io.proxima.bench.session.SessionBenchmark;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A set of JMH benchmark classes run with the same iteration settings. The list {@link #ALL} is the
 * extension point for new benchmarks: add a group (or a class to a group) here and rows to
 * {@link io.proxima.bench.report.ReportSpec}.
 *
 * @param name what {@code --only} selects
 * @param classes the benchmark classes
 * @param shortProfile settings under {@link Profile#SHORT}
 * @param fullProfile settings under {@link Profile#FULL}
 * @param jvmArgs the forked JVMs' arguments
 */
public record BenchmarkGroup(
    String name, List<Class<?>> classes, Settings shortProfile, Settings fullProfile, List<String> jvmArgs) {

  /**
   * The forked JVMs: a fixed heap, so that heap sizing does not vary between benchmarks, and only
   * warnings from the libraries' logs.
   */
  static final List<String> FORK_JVM_ARGS =
      List.of("-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

  /**
   * Every group, in the order they run. Short-profile budget measured on 2 shared cores, JVM
   * starts included: crypto 7 benchmarks × ~9 s, session 4 × ~14 s, raw MQTT 6 × ~13 s, cold
   * start 2 × 10 single-shot forks × ~1 s, then footprint ~10 s: 3.5 minutes with the build.
   */
  public static final List<BenchmarkGroup> ALL =
      List.of(
          new BenchmarkGroup(
              "crypto",
              List.of(CryptoBenchmark.class, AesGcmBenchmark.class),
              Settings.timed(1, 3, 1, 5, 1),
              Settings.timed(3, 5, 1, 5, 2),
              FORK_JVM_ARGS),
          new BenchmarkGroup(
              "session",
              List.of(SessionBenchmark.class),
              Settings.timed(1, 3, 1, 5, 2),
              Settings.timed(3, 5, 2, 5, 4),
              FORK_JVM_ARGS),
          new BenchmarkGroup(
              "mqtt-raw",
              List.of(RawMqttBenchmark.class),
              Settings.timed(1, 2, 2, 3, 2),
              Settings.timed(2, 3, 2, 5, 4),
              FORK_JVM_ARGS),
          new BenchmarkGroup(
              "cold-start",
              List.of(ColdStartBenchmark.class),
              Settings.singleShot(10),
              Settings.singleShot(30),
              FORK_JVM_ARGS));

  public BenchmarkGroup {
    classes = List.copyOf(classes);
    jvmArgs = List.copyOf(jvmArgs);
  }

  public Settings settings(Profile profile) {
    return profile == Profile.FULL ? fullProfile : shortProfile;
  }

  /** A JMH include pattern for this group's benchmarks that also match {@code filter}, if given. */
  public String includePattern(@Nullable String filter) {
    String classes =
        this.classes.stream().map(c -> Pattern.quote(c.getName() + ".")).collect(Collectors.joining("|", "(?:", ")"));
    return filter == null || filter.isEmpty() ? "^" + classes : "^(?=.*(?:" + filter + "))" + classes;
  }
}
