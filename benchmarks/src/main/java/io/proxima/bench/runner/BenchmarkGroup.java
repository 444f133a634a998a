package io.proxima.bench.runner;

import io.proxima.bench.ble.BleBenchmark;
import io.proxima.bench.crypto.AesGcmBenchmark;
import io.proxima.bench.crypto.CryptoBenchmark;
import io.proxima.bench.frame.FrameBenchmark;
import io.proxima.bench.gateway.CryptoThroughputBenchmark;
import io.proxima.bench.gateway.GatewayThroughputBenchmark;
import io.proxima.bench.mqtt.RawMqttBenchmark;
import io.proxima.bench.runner.Profile.Settings;
import io.proxima.bench.session.ColdStartBenchmark;
import io.proxima.bench.session.ColdStartWithCdsBenchmark;
import io.proxima.bench.session.MqttSessionBenchmark;
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
 * @param appCds whether the forked JVMs run with an application class-data archive that the runner
 *     makes first with a training run ({@link io.proxima.bench.session.ColdStartTraining})
 */
public record BenchmarkGroup(
    String name, List<Class<?>> classes, Settings shortProfile, Settings fullProfile, List<String> jvmArgs, boolean appCds) {

  /**
   * The forked JVMs: a fixed heap, so that heap sizing does not vary between benchmarks, and only
   * warnings from the libraries' logs.
   */
  static final List<String> FORK_JVM_ARGS =
      List.of("-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

  /**
   * Every group, in the order they run. Short-profile budget on 2 shared cores, JVM starts
   * included (see benchmarks/README.md for the measured total): most benchmarks get 2 warm-up and 3
   * measurement iterations of 1-2 s in one fork; cold start 8 single-shot forks per benchmark.
   */
  public static final List<BenchmarkGroup> ALL =
      List.of(
          new BenchmarkGroup(
              "crypto",
              List.of(CryptoBenchmark.class, AesGcmBenchmark.class),
              Settings.timed(1, 2, 1, 3, 1),
              Settings.timed(3, 5, 1, 5, 2),
              FORK_JVM_ARGS,
              false),
          new BenchmarkGroup(
              "session",
              List.of(SessionBenchmark.class),
              Settings.timed(1, 2, 1, 3, 2),
              Settings.timed(3, 5, 2, 5, 4),
              FORK_JVM_ARGS,
              false),
          new BenchmarkGroup(
              "mqtt-raw",
              List.of(RawMqttBenchmark.class),
              Settings.timed(1, 2, 1, 3, 1),
              Settings.timed(2, 3, 2, 5, 4),
              FORK_JVM_ARGS,
              false),
          new BenchmarkGroup(
              "session-mqtt",
              List.of(MqttSessionBenchmark.class),
              Settings.timed(1, 2, 1, 3, 2),
              Settings.timed(2, 3, 2, 5, 4),
              FORK_JVM_ARGS,
              false),
          new BenchmarkGroup(
              "gateway",
              List.of(GatewayThroughputBenchmark.class, CryptoThroughputBenchmark.class),
              // A loaded JVM compiles the session's hot code late: with 2 s of warm-up the gateway
              // read 2,000 sessions/s still rising; after 12 s it is steady (5,150 here).
              Settings.timed(1, 3, 4, 3, 2),
              Settings.timed(2, 4, 5, 5, 3),
              FORK_JVM_ARGS,
              false),
          new BenchmarkGroup(
              "frame",
              List.of(FrameBenchmark.class),
              Settings.timed(1, 2, 1, 3, 2),
              Settings.timed(2, 3, 2, 5, 4),
              FORK_JVM_ARGS,
              false),
          new BenchmarkGroup(
              "ble",
              List.of(BleBenchmark.class),
              Settings.timed(1, 2, 1, 3, 1),
              Settings.timed(2, 3, 2, 5, 3),
              FORK_JVM_ARGS,
              false),
          new BenchmarkGroup(
              "cold-start",
              List.of(ColdStartBenchmark.class),
              Settings.singleShot(8),
              Settings.singleShot(30),
              FORK_JVM_ARGS,
              false),
          new BenchmarkGroup(
              "cold-start-cds",
              List.of(ColdStartWithCdsBenchmark.class),
              Settings.singleShot(5),
              Settings.singleShot(20),
              FORK_JVM_ARGS,
              true));

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
