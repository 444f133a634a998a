package io.proxima.bench.mqtt;

import java.util.UUID;

/**
 * The MQTT topics of one session (PROTOCOL.md §4, note the leading slash).
 *
 * @param identify wallet publishes Identify
 * @param definition verifier publishes the encrypted request
 * @param accept wallet publishes the encrypted submission
 * @param reject wallet publishes the encrypted rejection
 */
public record SessionTopics(String identify, String definition, String accept, String reject) {

  /** The topics of topic id {@code id}. */
  public static SessionTopics of(UUID id) {
    String base = "/proof/" + id + "/";
    return new SessionTopics(
        base + "presentation-submission/identify",
        base + "presentation-definition",
        base + "presentation-submission/accept",
        base + "presentation-submission/reject");
  }
}
