package io.proxima.sdjwt.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Map;

/**
 * The module's Jackson mapper. Parsing is strict (no duplicate keys: a duplicated claim could
 * mean one thing to the signer and another to us; no trailing tokens) and bounded (nesting depth),
 * because credentials and presentations come from outside.
 */
public final class Json {

  private static final int MAX_NESTING_DEPTH = 64;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
    warmUp();
  }

  /**
   * Builds the (de)serializers this module uses now, once, so that verifications running
   * concurrently on event loops do not contend for Jackson's cache lock when they first meet a
   * type (the flow declares that lock to BlockHound; warming keeps it off the hot path).
   */
  private static void warmUp() {
    try {
      JsonNode tree = MAPPER.readTree("{\"a\":[1,1.5,\"s\",true,null,{\"b\":{}}]}");
      MAPPER.readTree("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      MAPPER.convertValue(tree, Map.class);
      MAPPER.convertValue(tree, Object.class);
      MAPPER.valueToTree(Map.of("k", java.util.List.of(1, 2L, "s", true, Map.of())));
      MAPPER.writeValueAsString(tree);
      MAPPER.writeValueAsString(Map.of("k", java.util.List.of(1, "s")));
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Parses UTF-8 bytes. @throws IOException if they are not exactly one JSON value */
  public static JsonNode parse(byte[] bytes) throws IOException {
    return MAPPER.readTree(bytes);
  }

  /** Parses text. @throws JsonProcessingException if it is not exactly one JSON value */
  public static JsonNode parse(String text) throws JsonProcessingException {
    return MAPPER.readTree(text);
  }

  /** Compact JSON text. */
  public static String text(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /** A JSON object as plain Java maps, lists, strings, numbers and booleans (for nimbus and authlete). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> toMap(JsonNode node) {
    return MAPPER.convertValue(node, Map.class);
  }

  /** A JSON value as plain Java objects. */
  public static Object toJava(JsonNode node) {
    return MAPPER.convertValue(node, Object.class);
  }

  /** Plain Java objects as a JSON tree. */
  public static JsonNode toTree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** A short description of a Jackson error without input excerpts (they may hold personal data). */
  public static String describe(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    int quote = message.indexOf('\'');
    String cut = quote > 0 ? message.substring(0, quote).trim() : message;
    return cut.length() > 120 ? cut.substring(0, 120) : cut;
  }
}
