package io.proxima.oid4vp.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;

/**
 * The one Jackson mapper of the flow. Built once: creating mappers is expensive, using one is
 * thread-safe and does no I/O. Parsing is strict (no trailing tokens, no duplicate keys) and
 * bounded (nesting depth), because the input comes from the peer.
 */
public final class Json {

  private static final int MAX_NESTING_DEPTH = 64;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
    warmUp();
  }

  /**
   * Builds the (de)serializers of the flow's types now, once, so that sessions running
   * concurrently on event loops never contend for Jackson's cache locks when they first meet a type.
   */
  private static void warmUp() {
    try {
      JsonNode query = MAPPER.readTree(
          "{\"credentials\":[{\"id\":\"w\",\"format\":\"f\",\"meta\":{},\"claims\":[{\"id\":\"c\",\"path\":[\"a\",0,null],"
              + "\"values\":[1]}],\"claim_sets\":[[\"c\"]]}],\"credential_sets\":[{\"options\":[[\"w\"]],\"purpose\":\"p\"}]}");
      Object dcql = MAPPER.treeToValue(query, io.proxima.oid4vp.dcql.DcqlQuery.class);
      MAPPER.valueToTree(dcql);
      MAPPER.convertValue(query, Map.class);
      MAPPER.writeValueAsBytes(query);
      Object transports = MAPPER.treeToValue(
          MAPPER.readTree("{\"MQTT\":{\"type\":\"MQTT\",\"enabled\":true,\"order\":1,\"params\":{}}}"),
          io.proxima.oid4vp.TransportsConfig.class);
      MAPPER.writeValueAsString(transports);
      MAPPER.valueToTree(io.proxima.oid4vp.validation.ValidationOutcome.unverified(
          java.util.List.of(io.proxima.oid4vp.validation.ValidationReason.of("w", null, "w")), "w"));
      MAPPER.valueToTree(new io.proxima.oid4vp.SessionStats(0, 0, 0, java.util.List.of()));
      MAPPER.valueToTree(Map.of("k", java.util.List.of(1, "s", true)));
    } catch (java.io.IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Parses bytes as JSON. @throws JsonProcessingException if they are not exactly one JSON value */
  public static JsonNode parse(byte[] bytes) throws java.io.IOException {
    return MAPPER.readTree(bytes);
  }

  /** Parses a string as JSON. */
  public static JsonNode parse(String text) throws JsonProcessingException {
    return MAPPER.readTree(text);
  }

  /** Compact JSON bytes of a value. */
  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /** Compact JSON text of a value. */
  public static String text(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /** A JSON tree as plain Java maps and lists (for nimbus claims). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> toMap(JsonNode node) {
    return MAPPER.convertValue(node, Map.class);
  }

  /** Plain Java maps and lists (nimbus claims) as a JSON tree. */
  public static JsonNode toTree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** A short, printable description of a Jackson error: no input excerpts beyond the location. */
  public static String describe(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      message = e.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    return message.length() > 200 ? message.substring(0, 200) + "..." : message;
  }
}
