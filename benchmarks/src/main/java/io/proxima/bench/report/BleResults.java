package io.proxima.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proxima.bench.ble.BleRoundTrips;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The GATT operations counted per MTU by {@link BleRoundTrips}, as written to {@code ble.json}. */
public final class BleResults {

  private static final BleResults NONE = new BleResults(List.of());

  private final List<BleRoundTrips.Count> counts;

  private BleResults(List<BleRoundTrips.Count> counts) {
    this.counts = List.copyOf(counts);
  }

  public static BleResults none() {
    return NONE;
  }

  public static BleResults of(List<BleRoundTrips.Count> counts) {
    return new BleResults(counts);
  }

  /** Reads the file, or {@link #none()} if it does not exist. */
  public static BleResults read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return NONE;
    }
    return parse(new ObjectMapper().readTree(file.toFile()));
  }

  public static BleResults parse(JsonNode root) {
    List<BleRoundTrips.Count> list = new ArrayList<>();
    for (JsonNode n : root.path("counts")) {
      list.add(
          new BleRoundTrips.Count(
              n.path("mtu").asInt(),
              n.path("roundTrips").asInt(),
              n.path("idealRoundTrips").asInt(),
              n.path("writeCommands").asInt(),
              n.path("idealWriteCommands").asInt(),
              n.path("notifications").asInt()));
    }
    return new BleResults(list);
  }

  public void write(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    ArrayNode array = root.putArray("counts");
    for (BleRoundTrips.Count c : counts) {
      ObjectNode n = array.addObject();
      n.put("mtu", c.mtu());
      n.put("roundTrips", c.roundTrips());
      n.put("idealRoundTrips", c.idealRoundTrips());
      n.put("writeCommands", c.writeCommands());
      n.put("idealWriteCommands", c.idealWriteCommands());
      n.put("notifications", c.notifications());
    }
    json.writeValue(file.toFile(), root);
  }

  public List<BleRoundTrips.Count> all() {
    return counts;
  }

  public Optional<BleRoundTrips.Count> find(int mtu) {
    return counts.stream().filter(c -> c.mtu() == mtu).findFirst();
  }
}
