package io.proxima.oid4vp;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.proxima.engagement.TransportType;
import io.proxima.error.MalformedInputException;
import io.proxima.oid4vp.internal.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which transports may be used and in what order of preference, in the peer's configuration
 * format (PROTOCOL.md §6): a map of named entries.
 *
 * <pre>{@code
 * {
 *   "MQTT": {"type": "MQTT", "enabled": true, "order": 1, "params": {"brokerUrl": "mqtts://broker:8883"}},
 *   "BLE":  {"type": "BLE",  "enabled": true, "order": 2}
 * }
 * }</pre>
 *
 * The default transport is the enabled, available one with the lowest {@code order} (ties broken
 * by type, MQTT first). When two entries name the same type, the one with the lower order counts.
 */
public final class TransportsConfig {

  private final Map<String, TransportSettings> entries;

  private TransportsConfig(Map<String, TransportSettings> entries) {
    this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /** From named entries. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static TransportsConfig of(Map<String, TransportSettings> entries) {
    Objects.requireNonNull(entries, "entries");
    entries.values().forEach(Objects::requireNonNull);
    return new TransportsConfig(entries);
  }

  /** Every given type enabled, preferred in the given order. */
  public static TransportsConfig ordered(TransportType... types) {
    Map<String, TransportSettings> out = new LinkedHashMap<>();
    for (int i = 0; i < types.length; i++) {
      out.put(types[i].name(), TransportSettings.of(types[i], i + 1));
    }
    return new TransportsConfig(out);
  }

  /**
   * Parses the JSON form.
   *
   * @throws MalformedInputException with field {@code transports} if it is not valid
   */
  public static TransportsConfig parse(String json) {
    try {
      return fromJson(Json.parse(json));
    } catch (JsonProcessingException e) {
      throw new MalformedInputException("transports", "not JSON: " + Json.describe(e), null);
    }
  }

  /**
   * Reads the JSON form.
   *
   * @throws MalformedInputException with field {@code transports} if it is not valid
   */
  public static TransportsConfig fromJson(JsonNode json) {
    try {
      return Json.mapper().treeToValue(json, TransportsConfig.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String problem = e instanceof JsonProcessingException j ? Json.describe(j) : String.valueOf(e.getMessage());
      throw new MalformedInputException("transports", problem, null);
    }
  }

  @JsonValue
  public Map<String, TransportSettings> entries() {
    return entries;
  }

  /** The settings that count for a type: the entry with the lowest order. */
  public Optional<TransportSettings> settings(TransportType type) {
    return entries.values().stream()
        .filter(s -> s.type() == type)
        .min(Comparator.comparingInt(TransportSettings::order));
  }

  /**
   * The enabled types among {@code available}, most preferred first (lowest order, ties MQTT
   * before BLE).
   */
  public List<TransportType> preference(Collection<TransportType> available) {
    Map<TransportType, TransportSettings> byType = new EnumMap<>(TransportType.class);
    for (TransportType type : TransportType.values()) {
      settings(type).ifPresent(s -> byType.put(type, s));
    }
    List<TransportSettings> usable = new ArrayList<>();
    byType.forEach((type, s) -> {
      if (s.enabled() && available.contains(type)) {
        usable.add(s);
      }
    });
    usable.sort(Comparator.comparingInt(TransportSettings::order).thenComparing(TransportSettings::type));
    return usable.stream().map(TransportSettings::type).toList();
  }

  /** The default transport among {@code available}: the first of {@link #preference}. */
  public Optional<TransportType> defaultTransport(Collection<TransportType> available) {
    List<TransportType> p = preference(available);
    return p.isEmpty() ? Optional.empty() : Optional.of(p.get(0));
  }

  /** The JSON form. */
  public String toJsonString() {
    return Json.text(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TransportsConfig other && entries.equals(other.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return "TransportsConfig" + entries;
  }
}
