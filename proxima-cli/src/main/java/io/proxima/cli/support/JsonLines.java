package io.proxima.cli.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proxima.oid4vp.VerifierOutcome;
import io.proxima.oid4vp.WalletOutcome;
import io.proxima.oid4vp.validation.ValidationOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON the commands print: one object per line (so that a script reads the outcome with one
 * {@code readLine}), built from the flow's outcomes. Never contains keys or nonces: the outcomes'
 * {@code toJson()} leave them out, and the verifier's line carries only what the wallet presented.
 */
public final class JsonLines {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonLines() {}

  /** The node on one line. */
  public static String line(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** The node indented over several lines, for people. */
  public static String pretty(JsonNode node) {
    try {
      return PRETTY.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /**
   * Parses JSON text.
   *
   * @throws IOException if it is not JSON
   */
  public static JsonNode parse(String text) throws IOException {
    return MAPPER.readTree(text);
  }

  /**
   * The verifier's outcome line: {@code state}, then {@code verified} (the validator's verdict;
   * false when nothing was verified, e.g. without {@code --trust}), {@code disclosed_claims} (per
   * credential query id, only when verified), {@code trust} ({@code "issuer keys"} or {@code
   * "none (structure only)"}), and everything {@link VerifierOutcome#toJson()} has: {@code
   * session_id}, {@code transport}, {@code version}, {@code vp_token}, {@code validation}, {@code
   * error}, {@code timings}, {@code stats}.
   */
  public static ObjectNode verifier(VerifierOutcome outcome, boolean trustConfigured) {
    ObjectNode full = outcome.toJson();
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("state", full.get("state"));
    ValidationOutcome validation = outcome.validation();
    out.put("verified", validation != null && validation.verified());
    if (validation != null && !validation.disclosedClaims().isEmpty()) {
      ObjectNode claims = out.putObject("disclosed_claims");
      validation.disclosedClaims().forEach(claims::set);
    }
    out.put("trust", trustConfigured ? "issuer keys" : "none (structure only)");
    copyRest(full, out);
    return out;
  }

  /** The wallet's outcome line: {@link WalletOutcome#toJson()} (no presentations, no nonce). */
  public static ObjectNode wallet(WalletOutcome outcome) {
    return outcome.toJson();
  }

  private static void copyRest(ObjectNode from, ObjectNode to) {
    Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      if (!to.has(e.getKey())) {
        to.set(e.getKey(), e.getValue());
      }
    }
  }

  /** Reads a JSON file for an option, naming the option when it fails. */
  public static JsonNode read(Path file, String option) {
    try {
      return MAPPER.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new InputException(option + ": " + file + " is not valid JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw new InputException(option + ": cannot read " + file + " (" + e.getMessage() + ")");
    }
  }
}
