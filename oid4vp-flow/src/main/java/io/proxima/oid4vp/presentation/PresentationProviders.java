package io.proxima.oid4vp.presentation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.proxima.error.MalformedInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Mono;

/** Simple {@link PresentationProvider}s: for tests, demos and the command line. */
public final class PresentationProviders {

  private PresentationProviders() {}

  /**
   * Presents the given opaque presentations as they are, whatever the request asks for (the
   * verifier's validator judges them). For tests and the CLI's {@code --present <file>}.
   */
  public static PresentationProvider presenting(Map<String, List<JsonNode>> vpToken) {
    PresentationDecision.Present decision = PresentationDecision.present(vpToken);
    return request -> Mono.just(decision);
  }

  /** Presents string presentations as they are; see {@link #presenting(Map)}. */
  public static PresentationProvider presentingStrings(Map<String, List<String>> vpToken) {
    PresentationDecision.Present decision = PresentationDecision.presentStrings(vpToken);
    return request -> Mono.just(decision);
  }

  /**
   * Presents the {@code vp_token} in a JSON object such as the contents of a {@code --present}
   * file: {@code {"<id>": ["<presentation>", ...]}}, where a single value may stand for a
   * one-element list, or the same object wrapped as {@code {"vp_token": {...}}}.
   *
   * @throws MalformedInputException with field {@code vp_token} if it has another shape
   */
  public static PresentationProvider presentingJson(JsonNode json) {
    Objects.requireNonNull(json, "json");
    JsonNode token = json.has("vp_token") ? json.get("vp_token") : json;
    if (!token.isObject() || token.isEmpty()) {
      throw new MalformedInputException("vp_token", "must be a non-empty object of credential query id to presentations", null);
    }
    Map<String, List<JsonNode>> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = token.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      List<JsonNode> list = new ArrayList<>();
      if (e.getValue().isArray()) {
        e.getValue().forEach(list::add);
      } else {
        list.add(e.getValue());
      }
      out.put(e.getKey(), list);
    }
    return presenting(out);
  }

  /** Rejects every request. */
  public static PresentationProvider rejecting(String reason) {
    PresentationDecision.Reject decision = PresentationDecision.reject(reason);
    return request -> Mono.just(decision);
  }

  /** Presents a single string presentation for every id the request asks for (demos). */
  public static PresentationProvider presentingForEveryQuery(String presentation) {
    return request -> {
      Map<String, List<JsonNode>> token = new LinkedHashMap<>();
      for (String id : request.queryIds()) {
        token.put(id, List.of(TextNode.valueOf(presentation)));
      }
      return Mono.just(PresentationDecision.present(token));
    };
  }
}
