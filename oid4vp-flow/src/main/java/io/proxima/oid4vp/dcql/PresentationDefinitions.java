package io.proxima.oid4vp.dcql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The legacy (V1) form of a request: a DIF Presentation Exchange presentation definition, which a
 * verifier sends instead of DCQL when the wallet's Identify is 44 bytes (PROTOCOL.md §3).
 */
public final class PresentationDefinitions {

  private PresentationDefinitions() {}

  /**
   * The presentation definition equivalent to a DCQL query: one input descriptor per credential
   * query, with the same id (so a V1 submission maps back onto the DCQL ids), the format as
   * {@code {"<format>": {}}}, and one field per claim. SD-JWT claim paths become {@code $.a.b};
   * mdoc paths {@code [namespace, element]} become {@code $['namespace']['element']}. A
   * {@code vct_values} constraint becomes a filter on {@code $.vct}. Credential sets have no
   * exact V1 equivalent: every descriptor is listed and the verifier's validator decides.
   *
   * @param id the presentation definition id
   */
  public static ObjectNode fromDcql(DcqlQuery query, String id) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode pd = f.objectNode();
    pd.put("id", id);
    ArrayNode descriptors = pd.putArray("input_descriptors");
    for (CredentialQuery cq : query.credentials()) {
      ObjectNode d = descriptors.addObject();
      d.put("id", cq.id());
      d.putObject("format").putObject(cq.format());
      ObjectNode constraints = d.putObject("constraints");
      ArrayNode fields = constraints.putArray("fields");
      boolean mdoc = CredentialQuery.FORMAT_MDOC.equals(cq.format());
      ObjectNode meta = cq.meta();
      if (meta != null && meta.has("vct_values") && meta.get("vct_values").isArray()) {
        ObjectNode vct = fields.addObject();
        vct.putArray("path").add("$.vct");
        ObjectNode filter = vct.putObject("filter");
        filter.put("type", "string");
        filter.set("enum", meta.get("vct_values").deepCopy());
      }
      if (cq.claims() != null) {
        for (ClaimsQuery claim : cq.claims()) {
          ObjectNode field = fields.addObject();
          field.putArray("path").add(mdoc ? mdocPath(claim.path()) : claim.path().toJsonPath());
          if (claim.values() != null) {
            ObjectNode filter = field.putObject("filter");
            ArrayNode values = filter.putArray("enum");
            claim.values().forEach(v -> values.add(v.deepCopy()));
          }
          if (mdoc) {
            field.put("intent_to_retain", Boolean.TRUE.equals(claim.intentToRetain()));
          }
        }
      }
      if (!CredentialQuery.FORMAT_LDP_VC.equals(cq.format())) {
        constraints.put("limit_disclosure", "required");
      }
    }
    return pd;
  }

  /**
   * The format of each input descriptor, by descriptor id: the first key of its {@code format}
   * object, or of the definition's top-level {@code format}, when there is one.
   */
  public static Map<String, String> descriptorFormats(JsonNode presentationDefinition) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    String topLevel = firstKey(presentationDefinition.path("format"));
    for (JsonNode d : presentationDefinition.path("input_descriptors")) {
      String id = d.path("id").asText(null);
      if (id == null) {
        continue;
      }
      String format = firstKey(d.path("format"));
      if (format == null) {
        format = topLevel;
      }
      if (format != null) {
        out.put(id, format);
      }
    }
    return out;
  }

  /** The ids of the input descriptors, in order. */
  public static List<String> descriptorIds(JsonNode presentationDefinition) {
    List<String> ids = new ArrayList<>();
    for (JsonNode d : presentationDefinition.path("input_descriptors")) {
      String id = d.path("id").asText(null);
      if (id != null) {
        ids.add(id);
      }
    }
    return ids;
  }

  private static String mdocPath(ClaimPath path) {
    StringBuilder sb = new StringBuilder("$");
    for (Object e : path.elements()) {
      sb.append("['").append(String.valueOf(e).replace("'", "\\'")).append("']");
    }
    return sb.toString();
  }

  private static @org.jspecify.annotations.Nullable String firstKey(JsonNode node) {
    if (!node.isObject()) {
      return null;
    }
    Iterator<String> names = node.fieldNames();
    return names.hasNext() ? names.next() : null;
  }
}
