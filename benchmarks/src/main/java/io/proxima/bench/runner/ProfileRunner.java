package io.proxima.bench.runner;

import io.proxima.bench.footprint.FootprintMain;
import io.proxima.bench.report.ReportMain;
import io.proxima.bench.report.RunInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.jspecify.annotations.Nullable;

/**
 * Runs a profile: every {@link BenchmarkGroup} with its settings, then the footprint harness in a
 * JVM of its own, then writes the results and the report to the results directory:
 * {@code jmh-result.json}, {@code footprint.json}, {@code run-info.json} and {@code RESULTS.md}.
 *
 * <pre>
 * ProfileRunner [--profile short|full] [--only GROUP,...] [--include REGEX] [--results DIR]
 *   groups: crypto, session, mqtt-raw, cold-start, footprint
 * </pre>
 *
 * A failing benchmark fails the run (no partial report hides it).
 */
public final class ProfileRunner {

  /** The footprint harness's name for {@code --only}. */
  public static final String FOOTPRINT = "footprint";
  /** Pending-session counts of the footprint harness. */
  static final List<Integer> FOOTPRINT_COUNTS = List.of(10_000, 100_000);
  /** How long one JMH iteration may run before JMH interrupts it. */
  static final TimeValue ITERATION_TIMEOUT = TimeValue.minutes(5);

  private ProfileRunner() {}

  public static void main(String[] args) throws Exception {
    Profile profile = Profile.SHORT;
    Set<String> only = new LinkedHashSet<>();
    @Nullable String include = null;
    Path results = Path.of("benchmarks/results");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--profile" -> profile = Profile.of(value(args, ++i));
        case "--only" -> only.addAll(Arrays.asList(value(args, ++i).split(",")));
        case "--include" -> include = value(args, ++i);
        case "--results" -> results = Path.of(value(args, ++i));
        case "-h", "--help" -> {
          System.out.println(usage());
          return;
        }
        default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'\n" + usage());
      }
    }
    Set<String> known = groupNames();
    for (String name : only) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown group '" + name + "'; groups: " + known);
      }
    }
    run(profile, only, include, results.toAbsolutePath());
  }

  static void run(Profile profile, Set<String> only, @Nullable String include, Path results) throws RunnerException, IOException, InterruptedException {
    Files.createDirectories(results);
    RunInfo info = RunInfo.startingNow(profile.label());
    long start = System.nanoTime();
    List<RunResult> all = new ArrayList<>();
    for (BenchmarkGroup group : BenchmarkGroup.ALL) {
      if (!only.isEmpty() && !only.contains(group.name())) {
        continue;
      }
      Collection<RunResult> r = new Runner(options(group, profile, include).build()).run();
      if (r.isEmpty()) {
        System.out.println("# group " + group.name() + ": no benchmark matched");
      }
      all.addAll(r);
      System.out.printf("# group %s done, %d s since start%n", group.name(), elapsedSeconds(start));
    }
    ResultFormatFactory.getInstance(ResultFormatType.JSON, results.resolve(ReportMain.JMH_FILE).toString()).writeOut(all);
    Path footprint = results.resolve(ReportMain.FOOTPRINT_FILE);
    if (only.isEmpty() || only.contains(FOOTPRINT)) {
      runFootprint(footprint);
      System.out.printf("# footprint done, %d s since start%n", elapsedSeconds(start));
    } else {
      Files.deleteIfExists(footprint);
    }
    info.finishedNow().write(results.resolve(ReportMain.RUN_INFO_FILE));
    Path report = ReportMain.write(results);
    System.out.printf("# %s profile finished in %d s; report: %s%n", profile.label(), elapsedSeconds(start), report);
  }

  static ChainedOptionsBuilder options(BenchmarkGroup group, Profile profile, @Nullable String include) {
    Profile.Settings s = group.settings(profile);
    return new OptionsBuilder()
        .include(group.includePattern(include))
        .forks(s.forks())
        .warmupIterations(s.warmupIterations())
        .warmupTime(s.warmupTime())
        .measurementIterations(s.measurementIterations())
        .measurementTime(s.measurementTime())
        .jvmArgs(group.jvmArgs().toArray(String[]::new))
        .timeout(ITERATION_TIMEOUT)
        .shouldFailOnError(true);
  }

  /** The footprint harness in a fresh JVM with a fixed heap, on this JVM's class path. */
  private static void runFootprint(Path out) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xms2g");
    command.add("-Xmx2g");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(FootprintMain.class.getName());
    command.add(out.toString());
    FOOTPRINT_COUNTS.forEach(n -> command.add(Integer.toString(n)));
    Process p = new ProcessBuilder(command).inheritIO().start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("footprint harness did not finish within 10 minutes");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException("footprint harness failed with exit code " + p.exitValue());
    }
  }

  private static Set<String> groupNames() {
    Set<String> names = BenchmarkGroup.ALL.stream().map(BenchmarkGroup::name).collect(Collectors.toCollection(LinkedHashSet::new));
    names.add(FOOTPRINT);
    return names;
  }

  private static long elapsedSeconds(long start) {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException("missing value after " + args[i - 1] + "\n" + usage());
    }
    return args[i];
  }

  private static String usage() {
    return "usage: ProfileRunner [--profile short|full] [--only GROUP,...] [--include REGEX] [--results DIR]\n"
        + "  groups: " + String.join(", ", groupNames());
  }
}
