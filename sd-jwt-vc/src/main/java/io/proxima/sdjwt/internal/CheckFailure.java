package io.proxima.sdjwt.internal;

/**
 * A failed check, carrying its reason code ({@link io.proxima.sdjwt.SdJwtReasons}). Used inside
 * the module to stop processing at the first failure; callers turn it into a reason. Details never
 * contain presentations, claim values or nonces. No stack trace: it is an expected outcome.
 */
public final class CheckFailure extends Exception {

  private static final long serialVersionUID = 1L;

  private final String code;

  public CheckFailure(String code, String detail) {
    super(detail, null, false, false);
    this.code = code;
  }

  public String code() {
    return code;
  }

  public String detail() {
    return String.valueOf(getMessage());
  }
}
