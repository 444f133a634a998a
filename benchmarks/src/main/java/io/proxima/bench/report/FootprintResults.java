package io.proxima.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What {@link io.proxima.bench.footprint.FootprintMain} wrote. */
public final class FootprintResults {

  /** Heap per session of one variant at one count. */
  public record Entry(String variant, int sessions, double bytesPerSession) {}

  private static final FootprintResults NONE = new FootprintResults(List.of());

  private final List<Entry> entries;

  private FootprintResults(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** No footprint measurements (the run did not include them). */
  public static FootprintResults none() {
    return NONE;
  }

  /** Reads the file, or {@link #none()} if it does not exist. */
  public static FootprintResults read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return NONE;
    }
    return parse(new ObjectMapper().readTree(file.toFile()));
  }

  public static FootprintResults parse(JsonNode root) {
    List<Entry> list = new ArrayList<>();
    for (JsonNode n : root.path("results")) {
      list.add(new Entry(n.path("variant").asText(), n.path("sessions").asInt(), n.path("bytesPerSession").asDouble()));
    }
    return new FootprintResults(list);
  }

  public List<Entry> all() {
    return entries;
  }

  public Optional<Entry> find(String variant, int sessions) {
    return entries.stream().filter(e -> e.variant().equals(variant) && e.sessions() == sessions).findFirst();
  }
}
