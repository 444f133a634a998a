package io.proxima.cli.gateway;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP error answered as {@code application/problem+json} (RFC 9457): {@code type} (a stable
 * URN per kind of problem), {@code title}, {@code status}, {@code detail} and {@code instance} (the
 * request path). Details name what was wrong and never carry secrets.
 */
final class Problem extends RuntimeException {

  private static final long serialVersionUID = 1L;
  static final String TYPE_PREFIX = "urn:proxima:gateway:problem:";

  final int status;
  final String slug;
  final String title;
  final transient @Nullable Duration retryAfter;

  private Problem(int status, String slug, String title, String detail, @Nullable Duration retryAfter) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.retryAfter = retryAfter;
  }

  static Problem badRequest(String detail) {
    return new Problem(400, "bad-request", "The request is not valid", detail, null);
  }

  static Problem notFound(String detail) {
    return new Problem(404, "not-found", "No such resource", detail, null);
  }

  static Problem methodNotAllowed(String detail) {
    return new Problem(405, "method-not-allowed", "Method not allowed", detail, null);
  }

  static Problem gone(String detail) {
    return new Problem(410, "gone", "No longer available", detail, null);
  }

  static Problem tooLarge(int limit) {
    return new Problem(413, "too-large", "Request body too large", "the body must not exceed " + limit + " bytes", null);
  }

  static Problem unsupportedMediaType(String detail) {
    return new Problem(415, "unsupported-media-type", "Unsupported media type", detail, null);
  }

  /** At the cap on pending sessions: come back later. */
  static Problem capacity(int max, Duration retryAfter) {
    return new Problem(503, "capacity", "Too many pending sessions",
        "the gateway holds its maximum of " + max + " pending sessions; retry later", retryAfter);
  }

  static Problem draining(Duration retryAfter) {
    return new Problem(503, "shutting-down", "The gateway is shutting down",
        "this instance accepts no new sessions while it drains; use another instance", retryAfter);
  }

  static Problem brokerUnavailable(String state, Duration retryAfter) {
    return new Problem(503, "broker-unavailable", "The broker is not connected",
        "the MQTT connection is " + state + "; retry when it is back", retryAfter);
  }

  /** The session could not be set up (e.g. the broker refused or did not acknowledge a subscription). */
  static Problem sessionSetupFailed(String detail, Duration retryAfter) {
    return new Problem(503, "session-setup-failed", "The session could not be set up", detail, retryAfter);
  }

  static Problem internal(String detail) {
    return new Problem(500, "internal", "Internal error", detail, null);
  }

  /** The body. */
  ObjectNode toJson(String instance) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("type", TYPE_PREFIX + slug);
    o.put("title", title);
    o.put("status", status);
    o.put("detail", getMessage());
    o.put("instance", instance);
    return o;
  }
}
