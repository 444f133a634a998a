package io.proxima.oid4vp;

import java.time.Duration;

/**
 * How long a {@link WalletSession} waits for each thing. On expiry the session ends {@link
 * WalletState#EXPIRED} with a {@link io.proxima.error.SessionTimeoutException} naming what was
 * awaited (when the last transport attempt timed out; see {@link Wallet}).
 *
 * @param connect connecting over one transport and handing the Identify to it
 * @param request the request after the Identify, per transport attempt: when it runs out the
 *     wallet tries its next transport
 * @param consent the presentation provider's decision (the user)
 * @param submit the submission or rejection to be handed to the transport (BLE: uploaded)
 * @param switchOver getting back to the verifier on another transport after the chosen one died
 * @param retryInterval pause between attempts during a switch-over
 * @param identifyRepeat during a switch-over, how often the Identify is repeated until the
 *     verifier answers (an MQTT Identify published before the verifier re-subscribed is lost)
 * @param close releasing the transport at the end
 */
public record WalletTimeouts(
    Duration connect,
    Duration request,
    Duration consent,
    Duration submit,
    Duration switchOver,
    Duration retryInterval,
    Duration identifyRepeat,
    Duration close) {

  public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(15);
  public static final Duration DEFAULT_REQUEST = Duration.ofSeconds(30);
  public static final Duration DEFAULT_CONSENT = Duration.ofMinutes(5);
  public static final Duration DEFAULT_SUBMIT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_SWITCH_OVER = Duration.ofSeconds(30);
  public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofMillis(500);
  public static final Duration DEFAULT_IDENTIFY_REPEAT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_CLOSE = Duration.ofSeconds(5);

  /** The defaults. */
  public static final WalletTimeouts DEFAULTS =
      new WalletTimeouts(
          DEFAULT_CONNECT,
          DEFAULT_REQUEST,
          DEFAULT_CONSENT,
          DEFAULT_SUBMIT,
          DEFAULT_SWITCH_OVER,
          DEFAULT_RETRY_INTERVAL,
          DEFAULT_IDENTIFY_REPEAT,
          DEFAULT_CLOSE);

  public WalletTimeouts {
    VerifierTimeouts.positive(connect, "connect");
    VerifierTimeouts.positive(request, "request");
    VerifierTimeouts.positive(consent, "consent");
    VerifierTimeouts.positive(submit, "submit");
    VerifierTimeouts.positive(switchOver, "switchOver");
    VerifierTimeouts.positive(retryInterval, "retryInterval");
    VerifierTimeouts.positive(identifyRepeat, "identifyRepeat");
    VerifierTimeouts.positive(close, "close");
  }

  public WalletTimeouts withConnect(Duration d) {
    return new WalletTimeouts(d, request, consent, submit, switchOver, retryInterval, identifyRepeat, close);
  }

  public WalletTimeouts withRequest(Duration d) {
    return new WalletTimeouts(connect, d, consent, submit, switchOver, retryInterval, identifyRepeat, close);
  }

  public WalletTimeouts withConsent(Duration d) {
    return new WalletTimeouts(connect, request, d, submit, switchOver, retryInterval, identifyRepeat, close);
  }

  public WalletTimeouts withSubmit(Duration d) {
    return new WalletTimeouts(connect, request, consent, d, switchOver, retryInterval, identifyRepeat, close);
  }

  public WalletTimeouts withSwitchOver(Duration d) {
    return new WalletTimeouts(connect, request, consent, submit, d, retryInterval, identifyRepeat, close);
  }

  public WalletTimeouts withRetryInterval(Duration d) {
    return new WalletTimeouts(connect, request, consent, submit, switchOver, d, identifyRepeat, close);
  }

  public WalletTimeouts withIdentifyRepeat(Duration d) {
    return new WalletTimeouts(connect, request, consent, submit, switchOver, retryInterval, d, close);
  }

  public WalletTimeouts withClose(Duration d) {
    return new WalletTimeouts(connect, request, consent, submit, switchOver, retryInterval, identifyRepeat, d);
  }
}
