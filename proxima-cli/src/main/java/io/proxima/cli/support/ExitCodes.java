package io.proxima.cli.support;

import io.proxima.oid4vp.VerifierOutcome;
import io.proxima.oid4vp.VerifierState;
import io.proxima.oid4vp.WalletOutcome;

/**
 * The exit codes of {@code proxima}, one per session outcome, so that scripts can tell them apart
 * without parsing the JSON line. 1 and 2 are picocli's own codes for an unexpected error and a
 * usage error.
 *
 * <table>
 *   <caption>exit codes</caption>
 *   <tr><th>code</th><th>verifier / demo</th><th>wallet</th></tr>
 *   <tr><td>0</td><td>ACCEPTED (with {@code --trust}: and verified)</td><td>SUBMITTED</td></tr>
 *   <tr><td>1</td><td colspan="2">unexpected error (a bug, an I/O error)</td></tr>
 *   <tr><td>2</td><td colspan="2">usage error: a bad option or input file</td></tr>
 *   <tr><td>3</td><td colspan="2">REJECTED</td></tr>
 *   <tr><td>4</td><td colspan="2">FAILED</td></tr>
 *   <tr><td>5</td><td colspan="2">EXPIRED (a wait timed out)</td></tr>
 *   <tr><td>6</td><td colspan="2">CANCELLED (Ctrl-C, SIGTERM; wallet: the verifier disconnected)</td></tr>
 *   <tr><td>7</td><td>ACCEPTED, but issuer trust was configured and the presentation did not verify</td><td>-</td></tr>
 * </table>
 */
public final class ExitCodes {

  public static final int OK = 0;
  public static final int ERROR = 1;
  public static final int USAGE = 2;
  public static final int REJECTED = 3;
  public static final int FAILED = 4;
  public static final int EXPIRED = 5;
  public static final int CANCELLED = 6;
  public static final int NOT_VERIFIED = 7;

  private ExitCodes() {}

  /**
   * The exit code of a verifier outcome.
   *
   * @param trustConfigured whether the verifier verifies credentials (e.g. {@code --trust}); then
   *     an ACCEPTED session whose presentations did not verify exits {@link #NOT_VERIFIED}
   */
  public static int of(VerifierOutcome outcome, boolean trustConfigured) {
    if (outcome.state() == VerifierState.ACCEPTED) {
      boolean verified = outcome.validation() != null && outcome.validation().verified();
      return !trustConfigured || verified ? OK : NOT_VERIFIED;
    }
    return switch (outcome.state()) {
      case REJECTED -> REJECTED;
      case EXPIRED -> EXPIRED;
      case CANCELLED -> CANCELLED;
      default -> FAILED;
    };
  }

  /** The exit code of a wallet outcome. */
  public static int of(WalletOutcome outcome) {
    return switch (outcome.state()) {
      case SUBMITTED -> OK;
      case REJECTED -> REJECTED;
      case EXPIRED -> EXPIRED;
      case CANCELLED -> CANCELLED;
      default -> FAILED;
    };
  }
}
