package io.proxima.oid4vp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proxima.engagement.TransportType;
import io.proxima.error.SessionTimeoutException;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.SessionId;
import io.proxima.oid4vp.internal.Json;
import io.proxima.oid4vp.validation.ValidationOutcome;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link VerifierSession} ended.
 *
 * @param sessionId the session
 * @param state the terminal state
 * @param transport the transport the wallet was connected over last, if any
 * @param version the protocol version of the wallet's Identify, if one was accepted
 * @param submission the decoded submission (ACCEPTED), else null
 * @param validation the validator's outcome (ACCEPTED), else null
 * @param failure why the session did not end ACCEPTED or REJECTED, else null
 * @param timeline every state entered, with times
 * @param stats counters
 */
public record VerifierOutcome(
    SessionId sessionId,
    VerifierState state,
    @Nullable TransportType transport,
    @Nullable IdentifyVersion version,
    @Nullable Submission submission,
    @Nullable ValidationOutcome validation,
    @Nullable Throwable failure,
    List<StateChange<VerifierState>> timeline,
    SessionStats stats) {

  public VerifierOutcome {
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
   * A JSON summary: {@code state}, {@code session_id}, {@code transport}, {@code version},
   * {@code vp_token} (as received), {@code validation}, {@code error} ({@code type},
   * {@code message}, and {@code awaited} for a timeout), {@code timings} (state and milliseconds
   * since creation) and {@code stats}. Keys and nonces are never included.
   */
  public ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode out = f.objectNode();
    out.put("state", state.name());
    out.put("session_id", sessionId.toString());
    out.put("transport", transport == null ? null : transport.name());
    out.put("version", version == null ? null : version.name());
    if (submission != null) {
      ObjectNode token = out.putObject("vp_token");
      submission.vpToken().forEach((id, list) -> {
        ArrayNode a = token.putArray(id);
        list.forEach(a::add);
      });
      if (submission.presentationSubmission() != null) {
        out.set("presentation_submission", submission.presentationSubmission());
      }
    }
    if (validation != null) {
      out.set("validation", Json.toTree(validation));
    }
    if (failure != null) {
      out.set("error", errorJson(failure));
    }
    out.set("timings", timingsJson(timeline));
    out.set("stats", Json.toTree(stats));
    return out;
  }

  static ObjectNode errorJson(Throwable failure) {
    ObjectNode error = JsonNodeFactory.instance.objectNode();
    error.put("type", failure.getClass().getSimpleName());
    error.put("message", String.valueOf(failure.getMessage()));
    if (failure instanceof SessionTimeoutException t) {
      error.put("awaited", t.awaited());
    }
    Throwable cause = failure.getCause();
    if (cause != null) {
      error.put("cause", cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }
    return error;
  }

  static ArrayNode timingsJson(List<? extends StateChange<?>> timeline) {
    ArrayNode timings = JsonNodeFactory.instance.arrayNode();
    for (StateChange<?> c : timeline) {
      ObjectNode t = timings.addObject();
      t.put("state", c.state().name());
      t.put("at", c.at().toString());
      t.put("elapsed_ms", c.elapsed().toNanos() / 1_000_000.0);
    }
    return timings;
  }

  /** Shows the state and cause, never presentations. */
  @Override
  public String toString() {
    return "VerifierOutcome[" + sessionId + ", " + state + (transport == null ? "" : ", " + transport)
        + (failure == null ? "" : ", " + failure) + "]";
  }
}
