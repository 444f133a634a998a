package io.proxima.oid4vp;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a {@link VerifierSession} waits for each thing. Every wait of the session is bounded by
 * one of these; on expiry the session ends {@link VerifierState#EXPIRED} with a {@link
 * io.proxima.error.SessionTimeoutException} naming what was awaited.
 *
 * @param listen each transport to get ready (subscribe / advertise)
 * @param engagement a valid Identify after ENGAGED: the lifetime of the QR code
 * @param accept binding to the wallet after its Identify
 * @param requestDelivery the request to be handed to the transport (BLE: downloaded by the wallet)
 * @param response the wallet's submission or rejection after REQUESTED (includes the user's consent)
 * @param validation the presentation validator
 * @param switchOver the wallet to come back on another transport after the chosen one died
 * @param close releasing the transports at the end
 */
public record VerifierTimeouts(
    Duration listen,
    Duration engagement,
    Duration accept,
    Duration requestDelivery,
    Duration response,
    Duration validation,
    Duration switchOver,
    Duration close) {

  public static final Duration DEFAULT_LISTEN = Duration.ofSeconds(15);
  public static final Duration DEFAULT_ENGAGEMENT = Duration.ofMinutes(5);
  public static final Duration DEFAULT_ACCEPT = Duration.ofSeconds(15);
  public static final Duration DEFAULT_REQUEST_DELIVERY = Duration.ofSeconds(30);
  /** The wallet's default consent timeout plus a minute for transfer. */
  public static final Duration DEFAULT_RESPONSE = Duration.ofMinutes(6);
  public static final Duration DEFAULT_VALIDATION = Duration.ofSeconds(30);
  public static final Duration DEFAULT_SWITCH_OVER = Duration.ofSeconds(30);
  public static final Duration DEFAULT_CLOSE = Duration.ofSeconds(5);

  /** The defaults. */
  public static final VerifierTimeouts DEFAULTS =
      new VerifierTimeouts(
          DEFAULT_LISTEN,
          DEFAULT_ENGAGEMENT,
          DEFAULT_ACCEPT,
          DEFAULT_REQUEST_DELIVERY,
          DEFAULT_RESPONSE,
          DEFAULT_VALIDATION,
          DEFAULT_SWITCH_OVER,
          DEFAULT_CLOSE);

  public VerifierTimeouts {
    positive(listen, "listen");
    positive(engagement, "engagement");
    positive(accept, "accept");
    positive(requestDelivery, "requestDelivery");
    positive(response, "response");
    positive(validation, "validation");
    positive(switchOver, "switchOver");
    positive(close, "close");
  }

  public VerifierTimeouts withListen(Duration d) {
    return new VerifierTimeouts(d, engagement, accept, requestDelivery, response, validation, switchOver, close);
  }

  public VerifierTimeouts withEngagement(Duration d) {
    return new VerifierTimeouts(listen, d, accept, requestDelivery, response, validation, switchOver, close);
  }

  public VerifierTimeouts withAccept(Duration d) {
    return new VerifierTimeouts(listen, engagement, d, requestDelivery, response, validation, switchOver, close);
  }

  public VerifierTimeouts withRequestDelivery(Duration d) {
    return new VerifierTimeouts(listen, engagement, accept, d, response, validation, switchOver, close);
  }

  public VerifierTimeouts withResponse(Duration d) {
    return new VerifierTimeouts(listen, engagement, accept, requestDelivery, d, validation, switchOver, close);
  }

  public VerifierTimeouts withValidation(Duration d) {
    return new VerifierTimeouts(listen, engagement, accept, requestDelivery, response, d, switchOver, close);
  }

  public VerifierTimeouts withSwitchOver(Duration d) {
    return new VerifierTimeouts(listen, engagement, accept, requestDelivery, response, validation, d, close);
  }

  public VerifierTimeouts withClose(Duration d) {
    return new VerifierTimeouts(listen, engagement, accept, requestDelivery, response, validation, switchOver, d);
  }

  static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " timeout must be positive");
    }
  }
}
