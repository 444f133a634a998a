package io.proxima.oid4vp;

import com.fasterxml.jackson.databind.JsonNode;
import io.proxima.message.IdentifyVersion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a verifier received from a wallet that presented (PROTOCOL.md §2.6), decoded.
 *
 * @param version V2 or V1
 * @param vpToken presentations per credential query id (V1: input descriptor id, resolved
 *     through the descriptor map)
 * @param presentationSubmission the V1 {@code presentation_submission}, else null
 * @param raw the decrypted submission JSON as received
 */
public record Submission(
    IdentifyVersion version, Map<String, List<JsonNode>> vpToken, @Nullable JsonNode presentationSubmission, JsonNode raw) {

  public Submission {
    Objects.requireNonNull(version, "version");
    Map<String, List<JsonNode>> copy = new LinkedHashMap<>();
    Objects.requireNonNull(vpToken, "vpToken").forEach((k, v) -> copy.put(k, List.copyOf(v)));
    vpToken = Collections.unmodifiableMap(copy);
    Objects.requireNonNull(raw, "raw");
  }

  /** Shows the ids only, never presentations. */
  @Override
  public String toString() {
    return "Submission[" + version + ", " + vpToken.keySet() + "]";
  }
}
