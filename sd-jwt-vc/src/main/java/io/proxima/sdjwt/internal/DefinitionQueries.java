package io.proxima.sdjwt.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proxima.oid4vp.dcql.ClaimPath;
import io.proxima.oid4vp.dcql.ClaimsQuery;
import io.proxima.oid4vp.dcql.CredentialQuery;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.sdjwt.SdJwtVc;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a V1 presentation definition (DIF Presentation Exchange) as a DCQL query, for the subset
 * that the flow derives from DCQL and that simple verifiers send: one credential query per input
 * descriptor (same id, its first format), a field on {@code $.vct} with a {@code const} or
 * {@code enum} filter as {@code vct_values}, other non-optional fields as claims (first path of
 * the form {@code $.a['b'][0][*]}, {@code enum}/{@code const} filters as values). Anything else
 * (submission requirements, other JSONPath, other filters) is refused with a message saying what.
 */
public final class DefinitionQueries {

  private static final Pattern STEP = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_]*)|\\['((?:[^'\\\\]|\\\\.)*)'\\]|\\[\"((?:[^\"\\\\]|\\\\.)*)\"\\]|\\[(\\d{1,6})\\]|\\[\\*\\]");

  private DefinitionQueries() {}

  /**
   * The DCQL query equivalent to a presentation definition.
   *
   * @throws IllegalArgumentException naming the construct that is not supported
   */
  public static DcqlQuery toDcql(JsonNode definition) {
    if (definition.has("submission_requirements")) {
      throw new IllegalArgumentException("presentation definitions with submission_requirements are not supported");
    }
    JsonNode descriptors = definition.path("input_descriptors");
    if (!descriptors.isArray() || descriptors.isEmpty()) {
      throw new IllegalArgumentException("the presentation definition has no input_descriptors");
    }
    String topFormat = firstKey(definition.path("format"));
    List<CredentialQuery> queries = new ArrayList<>();
    for (JsonNode d : descriptors) {
      String id = d.path("id").asText("");
      String format = preferredFormat(d.path("format"));
      if (format == null) {
        format = topFormat != null ? topFormat : SdJwtVc.FORMAT;
      }
      ObjectNode meta = null;
      List<ClaimsQuery> claims = new ArrayList<>();
      for (JsonNode field : d.path("constraints").path("fields")) {
        if (field.path("optional").asBoolean(false)) {
          continue;
        }
        ClaimPath path = firstPath(field.path("path"), id);
        List<JsonNode> values = values(field.path("filter"), id);
        if (path.elements().equals(List.of("vct"))) {
          if (values != null) {
            meta = JsonNodeFactory.instance.objectNode();
            values.forEach(meta.putArray("vct_values")::add);
          }
          continue;
        }
        claims.add(new ClaimsQuery(null, path, values, null));
      }
      queries.add(new CredentialQuery(id, format, null, meta, claims.isEmpty() ? null : claims, null, null, null));
    }
    return new DcqlQuery(queries, null);
  }

  private static @Nullable String preferredFormat(JsonNode formats) {
    if (!formats.isObject()) {
      return null;
    }
    for (String f : List.of(SdJwtVc.FORMAT, SdJwtVc.LEGACY_FORMAT)) {
      if (formats.has(f)) {
        return f;
      }
    }
    return firstKey(formats);
  }

  private static @Nullable String firstKey(JsonNode node) {
    if (!node.isObject()) {
      return null;
    }
    Iterator<String> names = node.fieldNames();
    return names.hasNext() ? names.next() : null;
  }

  private static ClaimPath firstPath(JsonNode paths, String id) {
    if (!paths.isArray() || paths.isEmpty()) {
      throw new IllegalArgumentException("input descriptor " + id + ": a field has no path");
    }
    for (JsonNode p : paths) {
      ClaimPath parsed = parse(p.asText(""));
      if (parsed != null) {
        return parsed;
      }
    }
    throw new IllegalArgumentException("input descriptor " + id + ": unsupported JSONPath in a field");
  }

  /** {@code $.a['b'][0][*]} as a claims path pointer, or null if it is another kind of JSONPath. */
  static @Nullable ClaimPath parse(String jsonPath) {
    if (!jsonPath.startsWith("$") || jsonPath.length() < 2) {
      return null;
    }
    List<@Nullable Object> elements = new ArrayList<>();
    Matcher m = STEP.matcher(jsonPath);
    int at = 1;
    while (at < jsonPath.length()) {
      if (!m.find(at) || m.start() != at) {
        return null;
      }
      if (m.group(1) != null) {
        elements.add(m.group(1));
      } else if (m.group(2) != null) {
        elements.add(m.group(2).replaceAll("\\\\(.)", "$1"));
      } else if (m.group(3) != null) {
        elements.add(m.group(3).replaceAll("\\\\(.)", "$1"));
      } else if (m.group(4) != null) {
        elements.add(Integer.parseInt(m.group(4)));
      } else {
        elements.add(null);
      }
      at = m.end();
    }
    return ClaimPath.of(elements);
  }

  private static @Nullable List<JsonNode> values(JsonNode filter, String id) {
    if (filter.isMissingNode() || filter.isNull()) {
      return null;
    }
    if (filter.has("const")) {
      return List.of(filter.get("const"));
    }
    if (filter.has("enum") && filter.get("enum").isArray() && !filter.get("enum").isEmpty()) {
      List<JsonNode> out = new ArrayList<>();
      filter.get("enum").forEach(out::add);
      return out;
    }
    for (Iterator<String> it = filter.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!"type".equals(key)) {
        throw new IllegalArgumentException("input descriptor " + id + ": filter keyword " + key + " is not supported");
      }
    }
    return null;
  }
}
