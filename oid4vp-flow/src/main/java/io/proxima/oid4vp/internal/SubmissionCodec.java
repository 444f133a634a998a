package io.proxima.oid4vp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proxima.error.MalformedFrameException;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.SessionId;
import io.proxima.oid4vp.Submission;
import io.proxima.oid4vp.dcql.PresentationDefinitions;
import io.proxima.oid4vp.presentation.PresentationDecision;
import io.proxima.oid4vp.request.VerifiedRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The submission plaintext of PROTOCOL.md §2.6, both directions.
 *
 * <pre>
 *   V2: {"vp_token": {"&lt;credential query id&gt;": ["&lt;presentation&gt;", ...]}}
 *   V1: {"vp_token": &lt;presentation | [presentations]&gt;, "presentation_submission": {..., "descriptor_map": [...]}}
 * </pre>
 *
 * Decoding is lenient where peers differ harmlessly (a V2 value that is a single presentation
 * rather than a list) and strict where meaning would be lost (a V1 descriptor path other than
 * {@code $} or {@code $[n]}).
 */
public final class SubmissionCodec {

  private static final Pattern INDEX_PATH = Pattern.compile("\\$\\[(\\d{1,6})]");

  private SubmissionCodec() {}

  /** A decoded submission and the format of each id (from the V1 descriptor map; empty for V2). */
  public record Decoded(Submission submission, Map<String, String> descriptorFormats) {}

  /**
   * Decodes a submission.
   *
   * @throws MalformedFrameException naming the field at fault
   */
  public static Decoded decode(byte[] plaintext, IdentifyVersion version, SessionId sessionId) {
    JsonNode json;
    try {
      json = Json.parse(plaintext);
    } catch (IOException e) {
      throw new MalformedFrameException("submission", "is not JSON", sessionId);
    }
    if (!json.isObject() || !json.has("vp_token")) {
      throw new MalformedFrameException("submission", "must be an object with a vp_token", sessionId);
    }
    JsonNode token = json.get("vp_token");
    Map<String, List<JsonNode>> byId = new LinkedHashMap<>();
    Map<String, String> formats = new LinkedHashMap<>();
    JsonNode presentationSubmission = null;
    if (version == IdentifyVersion.V2) {
      if (!token.isObject()) {
        throw new MalformedFrameException("submission.vp_token", "a V2 vp_token is an object keyed by credential query id", sessionId);
      }
      Iterator<Map.Entry<String, JsonNode>> fields = token.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        List<JsonNode> list = new ArrayList<>();
        if (e.getValue().isArray()) {
          e.getValue().forEach(list::add);
        } else {
          list.add(e.getValue());
        }
        byId.put(e.getKey(), list);
      }
    } else {
      presentationSubmission = json.get("presentation_submission");
      if (presentationSubmission == null || !presentationSubmission.isObject()) {
        throw new MalformedFrameException("submission.presentation_submission", "a V1 submission needs a presentation_submission object", sessionId);
      }
      JsonNode map = presentationSubmission.get("descriptor_map");
      if (map == null || !map.isArray()) {
        throw new MalformedFrameException("submission.presentation_submission.descriptor_map", "must be an array", sessionId);
      }
      for (int i = 0; i < map.size(); i++) {
        JsonNode d = map.get(i);
        String field = "submission.presentation_submission.descriptor_map[" + i + "]";
        String id = d.path("id").asText(null);
        String path = d.path("path").asText(null);
        if (id == null || path == null) {
          throw new MalformedFrameException(field, "needs an id and a path", sessionId);
        }
        JsonNode presentation = resolve(token, path, field, sessionId);
        byId.computeIfAbsent(id, k -> new ArrayList<>()).add(presentation);
        String format = d.path("format").asText(null);
        if (format != null) {
          formats.putIfAbsent(id, format);
        }
      }
    }
    return new Decoded(new Submission(version, byId, presentationSubmission, json), formats);
  }

  private static JsonNode resolve(JsonNode token, String path, String field, SessionId sessionId) {
    if ("$".equals(path)) {
      return token;
    }
    Matcher m = INDEX_PATH.matcher(path);
    if (m.matches()) {
      int index = Integer.parseInt(m.group(1));
      if (token.isArray() && index < token.size()) {
        return token.get(index);
      }
      throw new MalformedFrameException(field + ".path", "points outside the vp_token", sessionId);
    }
    throw new MalformedFrameException(field + ".path", "only $ and $[n] are supported", sessionId);
  }

  /** Encodes the wallet's submission for a verified request. */
  public static byte[] encode(PresentationDecision.Present present, VerifiedRequest request) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode out = f.objectNode();
    if (request.version() == IdentifyVersion.V2) {
      ObjectNode token = out.putObject("vp_token");
      present.vpToken().forEach((id, list) -> {
        ArrayNode a = token.putArray(id);
        list.forEach(a::add);
      });
      return Json.bytes(out);
    }
    List<String> ids = new ArrayList<>();
    List<JsonNode> presentations = new ArrayList<>();
    present.vpToken().forEach((id, list) -> list.forEach(p -> {
      ids.add(id);
      presentations.add(p);
    }));
    if (presentations.size() == 1) {
      out.set("vp_token", presentations.get(0));
    } else {
      ArrayNode a = out.putArray("vp_token");
      presentations.forEach(a::add);
    }
    JsonNode ps = present.presentationSubmission();
    out.set("presentation_submission", ps != null ? ps : presentationSubmission(request, ids, presentations.size() == 1));
    return Json.bytes(out);
  }

  private static ObjectNode presentationSubmission(VerifiedRequest request, List<String> ids, boolean single) {
    JsonNode definition = Objects.requireNonNull(request.presentationDefinition());
    Map<String, String> formats = PresentationDefinitions.descriptorFormats(definition);
    ObjectNode ps = JsonNodeFactory.instance.objectNode();
    ps.put("id", SessionId.random().toString());
    ps.put("definition_id", definition.path("id").asText(""));
    ArrayNode map = ps.putArray("descriptor_map");
    for (int i = 0; i < ids.size(); i++) {
      ObjectNode d = map.addObject();
      d.put("id", ids.get(i));
      d.put("format", formatOr(formats.get(ids.get(i))));
      d.put("path", single ? "$" : "$[" + i + "]");
    }
    return ps;
  }

  private static String formatOr(@Nullable String format) {
    return format == null ? "unknown" : format;
  }
}
