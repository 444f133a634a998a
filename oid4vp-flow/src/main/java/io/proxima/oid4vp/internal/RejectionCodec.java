package io.proxima.oid4vp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.proxima.message.SessionId;
import io.proxima.oid4vp.error.InvalidRejectionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The MQTT rejection of PROTOCOL.md §2.6: the wallet's current Unix time in seconds as a JSON
 * number. The verifier accepts it when it is less than the maximum age old and not further in the
 * future than the tolerated clock skew.
 */
public final class RejectionCodec {

  private RejectionCodec() {}

  public static byte[] encode(Instant now) {
    return Long.toString(now.getEpochSecond()).getBytes(StandardCharsets.US_ASCII);
  }

  /** @throws InvalidRejectionException if it is not a timestamp, too old, or in the future */
  public static void check(byte[] plaintext, Instant now, Duration maxAge, Duration maxFuture, SessionId sessionId) {
    JsonNode json;
    try {
      json = Json.parse(plaintext);
    } catch (IOException e) {
      throw new InvalidRejectionException(InvalidRejectionException.Reason.NOT_A_TIMESTAMP, "not JSON", sessionId);
    }
    if (!json.isNumber()) {
      throw new InvalidRejectionException(InvalidRejectionException.Reason.NOT_A_TIMESTAMP, "not a JSON number", sessionId);
    }
    long seconds = json.asLong();
    long age = now.getEpochSecond() - seconds;
    if (age >= maxAge.toSeconds()) {
      throw new InvalidRejectionException(
          InvalidRejectionException.Reason.TOO_OLD, "sent " + age + " s ago, accepted up to " + maxAge.toSeconds() + " s", sessionId);
    }
    if (-age > maxFuture.toSeconds()) {
      throw new InvalidRejectionException(
          InvalidRejectionException.Reason.IN_THE_FUTURE, (-age) + " s in the future, tolerated " + maxFuture.toSeconds() + " s", sessionId);
    }
  }
}
