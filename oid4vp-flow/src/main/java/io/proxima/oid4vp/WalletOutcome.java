package io.proxima.oid4vp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proxima.engagement.TransportType;
import io.proxima.message.SessionId;
import io.proxima.oid4vp.internal.Json;
import io.proxima.oid4vp.presentation.PresentationDecision;
import io.proxima.oid4vp.request.VerifiedRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link WalletSession} ended.
 *
 * @param sessionId the session (the engagement's)
 * @param state the terminal state
 * @param transport the transport used last, if any
 * @param request the verified request, if one was received and verified
 * @param decision the provider's decision, if it made one
 * @param failure why the session did not end SUBMITTED or REJECTED, else null
 * @param timeline every state entered, with times
 * @param stats counters
 */
public record WalletOutcome(
    SessionId sessionId,
    WalletState state,
    @Nullable TransportType transport,
    @Nullable VerifiedRequest request,
    @Nullable PresentationDecision decision,
    @Nullable Throwable failure,
    List<StateChange<WalletState>> timeline,
    SessionStats stats) {

  public WalletOutcome {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(state, "state");
    if (!state.isTerminal()) {
      throw new IllegalArgumentException("an outcome has a terminal state, not " + state);
    }
    timeline = List.copyOf(timeline);
    Objects.requireNonNull(stats, "stats");
  }

  public Optional<Throwable> failureCause() {
    return Optional.ofNullable(failure);
  }

  /**
   * A JSON summary: {@code state}, {@code session_id}, {@code transport}, {@code verifier}
   * (DID), {@code version}, {@code presented} (ids) or {@code rejection_reason}, {@code error},
   * {@code timings} and {@code stats}. Never the nonce, the request JWT or presentations.
   */
  public ObjectNode toJson() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("state", state.name());
    out.put("session_id", sessionId.toString());
    out.put("transport", transport == null ? null : transport.name());
    if (request != null) {
      out.put("verifier", request.verifierDid());
      out.put("version", request.version().name());
    }
    if (decision instanceof PresentationDecision.Present p) {
      p.vpToken().keySet().forEach(out.putArray("presented")::add);
    } else if (decision instanceof PresentationDecision.Reject r) {
      out.put("rejection_reason", r.reason());
    }
    if (failure != null) {
      out.set("error", VerifierOutcome.errorJson(failure));
    }
    out.set("timings", VerifierOutcome.timingsJson(timeline));
    out.set("stats", Json.toTree(stats));
    return out;
  }

  @Override
  public String toString() {
    return "WalletOutcome[" + sessionId + ", " + state + (transport == null ? "" : ", " + transport)
        + (failure == null ? "" : ", " + failure) + "]";
  }
}
