package io.proxima.error;

/**
 * An engagement URI (PROTOCOL.md §1) is invalid. {@link #field()} is the URI parameter at fault
 * ({@code key}, {@code brokerUrl}, {@code topicId}, {@code name}), or {@code scheme}, {@code uri}
 * or {@code transport} for problems with the URI as a whole.
 */
public final class InvalidEngagementException extends MalformedInputException {

  private static final long serialVersionUID = 1L;

  public InvalidEngagementException(String field, String problem) {
    super(field, problem, null);
  }
}
