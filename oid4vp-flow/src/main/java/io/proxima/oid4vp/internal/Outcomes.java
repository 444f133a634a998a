package io.proxima.oid4vp.internal;

import io.proxima.error.SessionTimeoutException;
import io.proxima.oid4vp.VerifierState;
import io.proxima.oid4vp.WalletState;
import io.proxima.oid4vp.error.SessionCancelledException;

/** Which terminal state an error leads to: timeouts EXPIRED, cancellation CANCELLED, the rest FAILED. */
final class Outcomes {

  private Outcomes() {}

  static VerifierState verifierState(Throwable e) {
    if (e instanceof SessionTimeoutException) {
      return VerifierState.EXPIRED;
    }
    if (e instanceof SessionCancelledException) {
      return VerifierState.CANCELLED;
    }
    return VerifierState.FAILED;
  }

  static WalletState walletState(Throwable e) {
    if (e instanceof SessionTimeoutException) {
      return WalletState.EXPIRED;
    }
    if (e instanceof SessionCancelledException) {
      return WalletState.CANCELLED;
    }
    return WalletState.FAILED;
  }
}
