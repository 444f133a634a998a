package io.proxima.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where and when a run happened: the machine (CPU model, cores, memory, OS), the JDK, the date,
 * the profile, and the load average before and after (the machines are shared and noisy, which is
 * why every result is reported as a ratio to a baseline of the same run).
 */
public record RunInfo(
    String profile,
    Instant started,
    Instant finished,
    String cpuModel,
    int logicalCores,
    long memoryBytes,
    String os,
    String jdk,
    String loadAverageStart,
    String loadAverageEnd) {

  /** The facts of this machine and JVM now, for a run that starts. */
  public static RunInfo startingNow(String profile) {
    return new RunInfo(
        profile,
        Instant.now(),
        Instant.now(),
        readCpuModel(),
        Runtime.getRuntime().availableProcessors(),
        totalMemory(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ")",
        loadAverage(),
        "");
  }

  /** This run, finished now. */
  public RunInfo finishedNow() {
    return new RunInfo(profile, started, Instant.now(), cpuModel, logicalCores, memoryBytes, os, jdk, loadAverageStart, loadAverage());
  }

  public long durationSeconds() {
    return finished.getEpochSecond() - started.getEpochSecond();
  }

  public void write(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode n = json.createObjectNode();
    n.put("profile", profile);
    n.put("started", started.toString());
    n.put("finished", finished.toString());
    n.put("durationSeconds", durationSeconds());
    n.put("cpuModel", cpuModel);
    n.put("logicalCores", logicalCores);
    n.put("memoryBytes", memoryBytes);
    n.put("os", os);
    n.put("jdk", jdk);
    n.put("loadAverageStart", loadAverageStart);
    n.put("loadAverageEnd", loadAverageEnd);
    json.writeValue(file.toFile(), n);
  }

  /** Reads the file if it exists. */
  public static Optional<RunInfo> read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    JsonNode n = new ObjectMapper().readTree(file.toFile());
    return Optional.of(
        new RunInfo(
            n.path("profile").asText(),
            Instant.parse(n.path("started").asText()),
            Instant.parse(n.path("finished").asText()),
            n.path("cpuModel").asText(),
            n.path("logicalCores").asInt(),
            n.path("memoryBytes").asLong(),
            n.path("os").asText(),
            n.path("jdk").asText(),
            n.path("loadAverageStart").asText(),
            n.path("loadAverageEnd").asText()));
  }

  private static String readCpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse(System.getProperty("os.arch"));
    } catch (IOException | RuntimeException e) {
      return System.getProperty("os.arch") + " (model unknown)";
    }
  }

  private static long totalMemory() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return -1;
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      return l < 0 ? "n/a" : String.format(java.util.Locale.ROOT, "%.2f", l);
    }
  }
}
