package io.proxima.oid4vp.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.proxima.engagement.TransportType;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.SessionId;
import io.proxima.oid4vp.dcql.DcqlQuery;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything a validator needs about one submission, format-independent.
 *
 * <p>The presentations are normalised for both protocol versions: {@link #vpToken()} maps each
 * credential query id (V2) or input descriptor id (V1, resolved through the
 * {@code presentation_submission} descriptor map) to its presentations, each a JSON value as the
 * wallet sent it (a string for SD-JWT, mdoc and JWT formats; an object for ldp formats).
 * Holder binding is checked against {@link #nonce()} and the audience {@link #clientId()}; for
 * mdoc the OID4VP handover is {@code [client_id, nonce, null, client_id]}.
 *
 * @param sessionId the session, for logs
 * @param transport the transport the submission arrived on
 * @param version V2 (DCQL) or V1 (presentation definition)
 * @param clientId the request's {@code client_id}: {@code decentralized_identifier:<did>} (V2) or the DID (V1)
 * @param nonce the request's nonce
 * @param verifierDid the verifier's DID
 * @param dcqlQuery the DCQL query; present in V2, and in V1 when the presentation definition was
 *     derived from it (then the descriptor ids are the credential query ids)
 * @param presentationDefinition the presentation definition sent (V1), else null
 * @param vpToken presentations by credential query id / input descriptor id, in wallet order
 * @param formats the format of each id: from the DCQL query, or the descriptor map (V1)
 * @param presentationSubmission the V1 {@code presentation_submission} as received, else null
 */
public record PresentationContext(
    SessionId sessionId,
    TransportType transport,
    IdentifyVersion version,
    String clientId,
    String nonce,
    String verifierDid,
    @Nullable DcqlQuery dcqlQuery,
    @Nullable JsonNode presentationDefinition,
    Map<String, List<JsonNode>> vpToken,
    Map<String, String> formats,
    @Nullable JsonNode presentationSubmission) {

  public PresentationContext {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(verifierDid, "verifierDid");
    Map<String, List<JsonNode>> token = new LinkedHashMap<>();
    Objects.requireNonNull(vpToken, "vpToken").forEach((k, v) -> token.put(k, v.stream().<JsonNode>map(JsonNode::deepCopy).toList()));
    vpToken = Collections.unmodifiableMap(token);
    formats = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(formats, "formats")));
    if (presentationDefinition != null) {
      presentationDefinition = presentationDefinition.deepCopy();
    }
    if (presentationSubmission != null) {
      presentationSubmission = presentationSubmission.deepCopy();
    }
  }

  /** The presentations for one id (empty if none). */
  public List<JsonNode> presentations(String queryId) {
    return vpToken.getOrDefault(queryId, List.of());
  }

  /** The format of an id, if known. */
  public Optional<String> format(String queryId) {
    return Optional.ofNullable(formats.get(queryId));
  }

  /**
   * The same context with only the presentations of the given ids: what a format validator of a
   * {@link FormatValidatorRegistry} receives.
   */
  public PresentationContext restrictTo(Collection<String> queryIds) {
    Map<String, List<JsonNode>> token = new LinkedHashMap<>();
    vpToken.forEach((k, v) -> {
      if (queryIds.contains(k)) {
        token.put(k, v);
      }
    });
    return new PresentationContext(
        sessionId, transport, version, clientId, nonce, verifierDid, dcqlQuery, presentationDefinition, token, formats, presentationSubmission);
  }

  /** A copy of the presentation definition (V1), or null. */
  @Override
  public @Nullable JsonNode presentationDefinition() {
    return presentationDefinition == null ? null : presentationDefinition.deepCopy();
  }

  /** A copy of the V1 presentation submission, or null. */
  @Override
  public @Nullable JsonNode presentationSubmission() {
    return presentationSubmission == null ? null : presentationSubmission.deepCopy();
  }

  /** Never prints presentations or the nonce. */
  @Override
  public String toString() {
    return "PresentationContext[" + sessionId + ", " + transport + ", " + version + ", ids=" + vpToken.keySet() + "]";
  }
}
