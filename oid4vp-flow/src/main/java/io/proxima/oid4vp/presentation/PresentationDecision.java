package io.proxima.oid4vp.presentation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** What a wallet answers a request with: presentations, or a rejection. */
public sealed interface PresentationDecision {

  /**
   * Present: the {@code vp_token} by credential query id (V2) or input descriptor id (V1).
   *
   * <p>For a V2 request the wallet sends {@code {"vp_token": {id: [presentations]}}}. For V1 it
   * sends {@code {"vp_token": <one presentation, or an array of them>, "presentation_submission":
   * ...}}; when {@code presentationSubmission} is null the wallet builds it: one descriptor per
   * presentation, with the format of the matching input descriptor and the path {@code $} (one
   * presentation) or {@code $[i]}.
   *
   * @param vpToken presentations per id, each a JSON value (a string for SD-JWT, mdoc, JWT)
   * @param presentationSubmission V1 only: a ready {@code presentation_submission}, which then
   *     must match the order of the presentations (ids in map order, presentations in list order)
   */
  record Present(Map<String, List<JsonNode>> vpToken, @Nullable JsonNode presentationSubmission)
      implements PresentationDecision {

    public Present {
      Map<String, List<JsonNode>> copy = new LinkedHashMap<>();
      Objects.requireNonNull(vpToken, "vpToken").forEach((k, v) -> copy.put(Objects.requireNonNull(k), List.copyOf(v)));
      vpToken = Collections.unmodifiableMap(copy);
      if (presentationSubmission != null) {
        presentationSubmission = presentationSubmission.deepCopy();
      }
    }

    /** Never prints presentations. */
    @Override
    public String toString() {
      return "Present[" + vpToken.keySet() + "]";
    }
  }

  /**
   * Reject. The reason stays on the wallet: the protocol carries none (over MQTT the rejection is
   * an encrypted timestamp, over BLE an empty message).
   *
   * @param reason why, for the wallet's own records
   */
  record Reject(String reason) implements PresentationDecision {

    public Reject {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Presents JSON presentations. */
  static Present present(Map<String, List<JsonNode>> vpToken) {
    return new Present(vpToken, null);
  }

  /** Presents string presentations (SD-JWT, mdoc, JWT), by id. */
  static Present presentStrings(Map<String, List<String>> vpToken) {
    Map<String, List<JsonNode>> nodes = new LinkedHashMap<>();
    vpToken.forEach((k, v) -> nodes.put(k, v.stream().<JsonNode>map(TextNode::valueOf).toList()));
    return new Present(nodes, null);
  }

  /** Rejects, with a reason kept locally. */
  static Reject reject(String reason) {
    return new Reject(reason);
  }
}
